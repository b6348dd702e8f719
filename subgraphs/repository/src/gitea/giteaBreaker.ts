import {
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { GiteaError } from './GiteaError';

export type CircuitStateName = 'closed' | 'half_open' | 'open';

/** Gauge value of `circuit_breaker_state{breaker="gitea"}`: 0 closed, 1 half-open, 2 open. */
export const CIRCUIT_STATE_VALUE: Record<CircuitStateName, number> = {
  closed: 0,
  half_open: 1,
  open: 2,
};

export interface GiteaBreakerOptions {
  /** Consecutive upstream faults (5xx, network errors, timeouts) that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one trial call is let through. */
  halfOpenAfterMs: number;
  onStateChange?: (state: CircuitStateName) => void;
}

export interface GiteaBreaker {
  policy: CircuitBreakerPolicy;
  state(): CircuitStateName;
}

export function stateName(state: CircuitState): CircuitStateName {
  if (state === CircuitState.Closed) return 'closed';
  if (state === CircuitState.HalfOpen) return 'half_open';
  return 'open';
}

/**
 * The circuit breaker around every Gitea call (cockatiel). Only upstream faults count: a 404 or
 * a 401 is Gitea working correctly. While open, calls fail at once without touching the network;
 * after `halfOpenAfterMs` the next call is the trial (concurrent ones wait for its outcome) and
 * its success closes the circuit again.
 */
export function createGiteaBreaker(options: GiteaBreakerOptions): GiteaBreaker {
  const policy = circuitBreaker(
    handleWhen((err) => err instanceof GiteaError && err.isUpstreamFault),
    {
      halfOpenAfter: options.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(options.failureThreshold),
    },
  );
  policy.onStateChange((state) => options.onStateChange?.(stateName(state)));
  return { policy, state: () => stateName(policy.state) };
}
