import type { Strategy } from '../strategies/Strategy';
import type { FaultKind } from '../strategies/types';

export interface FaultInjection {
  fault: FaultKind;
  node: number | null;
  at: Date;
  detail: string;
  needsRecovery: boolean;
  /** Set for PROCESS_CRASH: run it once the response is on its way. */
  crash?: () => void;
}

/**
 * Carries out a fault. PROCESS_CRASH is the manager's own (the process SIGKILLs itself, after
 * the response so the caller learns the fault happened); everything else is the strategy's.
 */
export async function performFault(
  strategy: Strategy,
  fault: FaultKind,
  node: number | null,
): Promise<FaultInjection> {
  const at = new Date();
  if (fault === 'PROCESS_CRASH') {
    return {
      fault,
      node: null,
      at,
      detail: `SIGKILL to the resilience subgraph (pid ${process.pid}) once this response is sent`,
      needsRecovery: true,
      crash: () => process.kill(process.pid, 'SIGKILL'),
    };
  }
  const effect = await strategy.injectFault(fault, node ?? undefined);
  return { fault, node, at, ...effect };
}
