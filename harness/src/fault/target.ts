// Resolves a fault's target to one container role of the running topology.
import { badInput } from '../errors/bench-error.ts';

export function resolveTarget(target: string, roles: readonly string[], random: () => number): string {
  if (roles.includes(target)) return target;
  const match = /^([a-z0-9-]+):(random|\d+)$/.exec(target);
  const group = match ? roles.filter((r) => new RegExp(`^${match[1]}-\\d+$`).test(r)).sort(byIndex) : [];
  if (!match || group.length === 0) {
    throw badInput(`fault target "${target}" matches no container`, `use a role (${roles.join(', ')}) or <group>:<n> / <group>:random, e.g. service:2`);
  }
  if (match[2] === 'random') return group[Math.floor(random() * group.length)]!;
  const chosen = group[Number(match[2]) - 1];
  if (!chosen) throw badInput(`fault target "${target}": there are only ${group.length} ${match[1]} containers`, `use an index from 1 to ${group.length}`);
  return chosen;
}

const byIndex = (a: string, b: string): number => Number(a.split('-').at(-1)) - Number(b.split('-').at(-1));
