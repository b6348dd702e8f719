export { createMetrics, type DatabasePoolSample, type ServiceMetrics } from './createMetrics';
