export { createMetrics, type ServiceMetrics } from './createMetrics';
