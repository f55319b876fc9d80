import { cacheFlushFault } from './app/cache-flush.ts';
import type { Fault, FaultKind } from './fault.ts';

export const faults: Record<FaultKind, Fault> = {
  'cache-flush': cacheFlushFault,
};

export const faultKinds = Object.keys(faults) as FaultKind[];
