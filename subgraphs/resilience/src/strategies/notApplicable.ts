import { DomainError } from '@gitforge/errors';
import type { FaultKind, StrategyKind } from './types';

export const notApplicable = (fault: FaultKind, kind: StrategyKind): DomainError =>
  new DomainError('BAD_USER_INPUT', `${fault} does not apply to the ${kind} strategy`, 'fault');
