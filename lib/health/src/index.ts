export { HealthChecks, type HealthReport, type CheckResult } from './HealthChecks';
