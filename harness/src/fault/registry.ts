// The fault catalogue: a plain map from kind to implementation.
import { cacheFlushFault } from './app/cache-flush.ts';
import { hotKeyExpiryFault } from './app/hot-key-expiry.ts';
import { replicaFailoverFault } from './database/replica-failover.ts';
import { cpuFault, killFault, pauseFault } from './docker/container-faults.ts';
import type { AppliedFault, Fault, FaultContext, FaultKind, FaultSpec } from './fault.ts';
import { downFault, toxicFaults } from './toxiproxy/toxic-faults.ts';

export const faults: { [K in FaultKind]: Fault<K> } = {
  'cache-flush': cacheFlushFault,
  'hot-key-expiry': hotKeyExpiryFault,
  kill: killFault,
  pause: pauseFault,
  cpu: cpuFault,
  ...toxicFaults,
  down: downFault,
  'replica-failover': replicaFailoverFault,
};

export const faultKinds = Object.keys(faults) as FaultKind[];

export function applyFault(spec: FaultSpec, ctx: FaultContext): Promise<AppliedFault> {
  return (faults[spec.kind] as Fault).apply(spec as never, ctx);
}
