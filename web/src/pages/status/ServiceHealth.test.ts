import { describe, expect, it } from 'vitest';
import { circuitState, type ServiceStatus } from './ServiceHealth';

const service = (detail?: string): ServiceStatus => ({
  name: 'repository',
  status: 'ok',
  latencyMs: 1,
  checks: [],
  dependencies: detail === undefined ? [] : [{ name: 'gitea', ok: true, detail }],
});

describe('circuitState', () => {
  it('reads the Gitea circuit breaker from the repository subgraph readiness', () => {
    expect(circuitState([service('circuit closed; reachable, version 1.21.1')])).toBe('closed');
    expect(circuitState([service('circuit open; connect ECONNREFUSED')])).toBe('open');
    expect(circuitState([service('circuit halfOpen; probing')])).toBe('half-open');
    expect(circuitState([service()])).toBeUndefined();
  });
});
