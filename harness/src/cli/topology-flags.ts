// `bench up` flags come from the topologies' parameter declarations: --replicas, --shards, --cache-mode, ...
import { Option, type Command } from 'commander';
import { badInput, type Issue } from '../errors/bench-error.ts';
import { checkParam, type ParamSpec } from '../topology/params.ts';
import { topologyDefinition, topologies, type TopologyKind } from '../topology/registry.ts';

export const toFlag = (param: string): string => param.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Every parameter of every topology, once, as an option (which kind accepts which is checked later). */
export function addTopologyOptions(command: Command): Command {
  const seen = new Map<string, ParamSpec>();
  for (const definition of Object.values(topologies)) for (const [name, spec] of Object.entries(definition.params)) seen.set(name, spec);
  for (const [name, spec] of seen) command.addOption(new Option(`--${toFlag(name)} <value>`, spec.describe));
  return command;
}

/** The given options as a topology config for `kind`; every problem named, exit 2. */
export function topologyConfigFromOptions(kind: string, options: Record<string, unknown>): Record<string, unknown> {
  const kinds = Object.keys(topologies);
  if (!kinds.includes(kind)) throw badInput(`unknown topology "${kind}"`, `use one of: ${kinds.join(', ')} (see \`bench ls\`)`);
  const { params } = topologyDefinition(kind as TopologyKind);
  const issues: Issue[] = [];
  const config: Record<string, unknown> = { kind };
  for (const [name, raw] of Object.entries(options)) {
    if (raw === undefined || !isTopologyParam(name)) continue;
    const spec = params[name];
    if (!spec) {
      issues.push({
        path: `--${toFlag(name)}`,
        message: `topology ${kind} has no such parameter`,
        hint: `its parameters: ${Object.keys(params)
          .map((p) => `--${toFlag(p)}`)
          .join(', ')}`,
      });
      continue;
    }
    const value = spec.type === 'enum' ? String(raw) : Number(raw);
    const problem = checkParam(spec, value);
    if (problem) issues.push({ path: `--${toFlag(name)}`, message: `${problem}, got "${String(raw)}"`, hint: spec.describe });
    else config[name] = value;
  }
  if (issues.length) throw badInput(`bad options for topology ${kind}; nothing was started`, undefined, issues);
  return config;
}

function isTopologyParam(name: string): boolean {
  return Object.values(topologies).some((d) => name in d.params);
}
