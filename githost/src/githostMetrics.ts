import { Counter, type Registry } from 'prom-client';

/** githost's own metrics, next to the HTTP ones every service has. */
export interface GithostMetrics {
  gitRequests: Counter<'service' | 'status'>;
  gitBytesSent: Counter<'service'>;
  webhookDeliveries: Counter<'outcome'>;
}

export function createGithostMetrics(registry: Registry): GithostMetrics {
  return {
    gitRequests: new Counter({
      name: 'githost_git_requests_total',
      help: 'Smart HTTP requests by git service and response status',
      labelNames: ['service', 'status'],
      registers: [registry],
    }),
    gitBytesSent: new Counter({
      name: 'githost_git_bytes_sent_total',
      help: 'Bytes streamed from git http-backend to clients',
      labelNames: ['service'],
      registers: [registry],
    }),
    webhookDeliveries: new Counter({
      name: 'githost_webhook_deliveries_total',
      help: 'Webhook deliveries by final outcome (delivered, rejected, failed)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
  };
}
