// What the cache faults need: a cache the service reads (and, to expire its keys, the reference service's key names).
import type { ShapeProblem } from '../fault.ts';
import type { TopologyShape } from '../../topology/topology-shape.ts';

export function cacheProblems(kind: string, shape: TopologyShape): ShapeProblem[] {
  if (shape.caches.length === 0) {
    return [
      {
        message: `${kind} needs a cache, and topology ${shape.kind} has none`,
        hint: 'use a topology with Redis (e.g. kind: "cache"), or remove the fault',
      },
    ];
  }
  if (shape.cacheMode === 'off') {
    return [
      {
        message: `${kind} changes nothing: the service does not use the cache (cacheMode "off")`,
        hint: 'set cacheMode (e.g. "aside"), or remove the fault',
      },
    ];
  }
  return [];
}
