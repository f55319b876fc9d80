import { describe, expect, it } from 'vitest';
import { resolveTarget, targetProblem } from './target.ts';

const roles = ['postgres', 'service-1', 'service-2', 'service-3', 'haproxy'];

describe('fault targets', () => {
  it('accepts before start exactly what resolves at run time', () => {
    for (const target of ['postgres', 'service-2', 'service:1', 'service:3', 'service:random']) {
      expect(targetProblem(target, roles), target).toBeNull();
      expect(roles).toContain(resolveTarget(target, roles, () => 0.5));
    }
    for (const target of ['service:0', 'service:4', 'redis', 'replica:1', 'service-4']) {
      expect(targetProblem(target, roles), target).not.toBeNull();
      expect(() => resolveTarget(target, roles, () => 0.5), target).toThrow();
    }
  });

  it('says how many containers the group has', () => {
    expect(targetProblem('service:4', roles)).toEqual({
      message: '"service:4": there are only 3 service containers',
      hint: 'use an index from 1 to 3 (service-1, service-2, service-3), or service:random',
    });
    expect(targetProblem('redis', roles)?.message).toBe('must name a container of the topology, got "redis"');
  });
});
