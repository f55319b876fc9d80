// Resolves a fault's target to one container role: at run time (resolveTarget) and, with the same reading, before
// start against the planned roles (targetProblem), so a target validation accepts is one the run can resolve.
import { badInput } from '../errors/bench-error.ts';

type Reading = { kind: 'role' } | { kind: 'group'; group: string; members: string[]; index: number | 'random' } | { kind: 'none' };

function read(target: string, roles: readonly string[]): Reading {
  if (roles.includes(target)) return { kind: 'role' };
  const match = /^([a-z0-9-]+):(random|\d+)$/.exec(target);
  if (!match) return { kind: 'none' };
  const group = match[1]!;
  const members = roles.filter((r) => new RegExp(`^${group}-\\d+$`).test(r)).sort(byIndex);
  if (members.length === 0) return { kind: 'none' };
  return { kind: 'group', group, members, index: match[2] === 'random' ? 'random' : Number(match[2]) };
}

/** The `<group>` names of roles `<group>-<n>`, e.g. `service` for service-1..3. */
export const targetGroups = (roles: readonly string[]): string[] => [
  ...new Set(roles.filter((r) => /-\d+$/.test(r)).map((r) => r.replace(/-\d+$/, ''))),
];

export function resolveTarget(target: string, roles: readonly string[], random: () => number): string {
  const reading = read(target, roles);
  if (reading.kind === 'role') return target;
  if (reading.kind === 'none') {
    throw badInput(
      `fault target "${target}" matches no container`,
      `use a role (${roles.join(', ')}) or <group>:<n> / <group>:random, e.g. service:2`,
    );
  }
  const { members, group, index } = reading;
  if (index === 'random') return members[Math.floor(random() * members.length)]!;
  const chosen = members[index - 1];
  if (!chosen)
    throw badInput(
      `fault target "${target}": there are only ${members.length} ${group} containers`,
      `use an index from 1 to ${members.length}`,
    );
  return chosen;
}

/** Why `target` names none of `roles` (a role, or `<group>:<n>` / `<group>:random` with n from 1), or null. */
export function targetProblem(
  target: string,
  roles: readonly string[],
  what = 'a container of the topology',
): { message: string; hint: string } | null {
  const reading = read(target, roles);
  if (reading.kind === 'role') return null;
  if (reading.kind === 'none') {
    const groups = targetGroups(roles);
    return {
      message: `must name ${what}, got "${target}"`,
      hint: `a role (${roles.join(', ')}) or <group>:<n> / <group>:random (${groups.join(', ')})`,
    };
  }
  const { members, group, index } = reading;
  if (index === 'random' || (index >= 1 && index <= members.length)) return null;
  const count = members.length === 1 ? `there is only 1 ${group} container` : `there are only ${members.length} ${group} containers`;
  return {
    message: index === 0 ? `"${target}": indexes start at 1 (${count})` : `"${target}": ${count}`,
    hint:
      members.length === 1
        ? `use ${group}:1 (${members[0]}), or a topology with more`
        : `use an index from 1 to ${members.length} (${members.join(', ')}), or ${group}:random`,
  };
}

const byIndex = (a: string, b: string): number => Number(a.split('-').at(-1)) - Number(b.split('-').at(-1));
