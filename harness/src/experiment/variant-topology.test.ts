import { describe, expect, it } from 'vitest';
import { variantTopology } from './variant-topology.ts';

describe('variantTopology', () => {
  it('overlays the variant on the base when the kind stays', () => {
    expect(variantTopology({ kind: 'cache', replicas: 2, cacheTtlSec: 20 }, { cacheMode: 'coalesce' })).toEqual({
      kind: 'cache',
      replicas: 2,
      cacheTtlSec: 20,
      cacheMode: 'coalesce',
    });
  });

  it('keeps only the base parameters the new kind takes when a variant changes the kind', () => {
    const base = { kind: 'cache', replicas: 3, cacheTtlSec: 20, serviceCpus: 0.5, serviceEnv: { X: '1' } };
    expect(variantTopology(base, { kind: 'single' })).toEqual({ kind: 'single', serviceCpus: 0.5, serviceEnv: { X: '1' } });
    expect(variantTopology({ kind: 'single', serviceCpus: 0.5 }, { kind: 'sharded', shards: 2 })).toEqual({
      kind: 'sharded',
      serviceCpus: 0.5,
      shards: 2,
    });
  });
});
