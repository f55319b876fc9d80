// A variant's topology: the base with the variant's overrides. A variant may change the kind (the scaling
// ladder runs single, lb, cache, ... in one run); it then keeps only the base parameters its kind takes.
import { topologyDefinition, topologyKinds, type TopologyKind } from '../topology/registry.ts';

export function variantTopology(base: Record<string, unknown>, override: Record<string, unknown> = {}): Record<string, unknown> {
  const kind = override.kind ?? base.kind;
  if (kind === base.kind || !topologyKinds.includes(kind as TopologyKind)) return { ...base, ...override };
  const params = topologyDefinition(kind as TopologyKind).params;
  const carried = Object.fromEntries(Object.entries(base).filter(([key]) => key === 'serviceEnv' || key === 'service' || key in params));
  return { ...carried, ...override, kind };
}
