import { HealthChecks, type HealthReport } from '@gitforge/health';

export interface DependencyStatus {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface RepositoryHealthReport extends HealthReport {
  /** Upstreams reported for operators but not gating readiness. */
  dependencies: DependencyStatus[];
}

/**
 * Readiness that reports Gitea without depending on it. Gitea down is an outage every replica
 * shares: failing readiness would pull all of them out of the load balancer and turn typed,
 * partial GraphQL answers (UPSTREAM_UNAVAILABLE next to working issue data) into connection
 * errors, and restarting pods cannot fix Gitea. So `/health/ready` stays 200 and names the
 * dependency's state (circuit, last probe) under `dependencies`; alerting reads that and
 * `circuit_breaker_state{breaker="gitea"}`.
 */
export class RepositoryHealth extends HealthChecks {
  constructor(
    private readonly dependencies: () => Promise<DependencyStatus[]>,
    timeoutMs?: number,
  ) {
    super(timeoutMs);
  }

  override async ready(): Promise<RepositoryHealthReport> {
    const [report, dependencies] = await Promise.all([super.ready(), this.dependencies()]);
    return { ...report, dependencies };
  }
}
