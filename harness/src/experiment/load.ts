// Imports an experiment file (TypeScript, run by Node's type stripping) and validates it.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { badInput } from '../errors/bench-error.ts';
import type { ServiceConfig } from '../topology/service/service-config.ts';
import { withAbsolutePaths } from './validate-service.ts';
import type { ExperimentDefinition } from './types.ts';
import { validateExperiment } from './validate.ts';

export interface LoadOptions {
  /** `--service-*` flags: merged over the file's `topology.service` before validation (paths already absolute). */
  service?: Partial<ServiceConfig>;
}

export async function loadExperiment(file: string, options: LoadOptions = {}): Promise<{ file: string; experiment: ExperimentDefinition }> {
  const path = resolve(file);
  if (!existsSync(path)) throw badInput(`experiment file ${file} does not exist`, 'pass the path of a file under experiments/, e.g. experiments/cache-stampede.ts');
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw badInput(
      `experiment file ${file} could not be loaded: ${(error as Error).message}`,
      'fix the syntax or import error above; experiment files are TypeScript modules that `export default defineExperiment({...})`',
    );
  }
  const value = withServiceFlags(module.default ?? module.experiment, options.service);
  const issues = await validateExperiment(value, file);
  if (issues.length > 0) {
    throw badInput(`experiment file ${file} has ${issues.length} problem${issues.length === 1 ? '' : 's'}; nothing was started`, undefined, issues);
  }
  const experiment = value as ExperimentDefinition;
  const service = experiment.topology.service;
  // Later code runs from any directory: the service's files are resolved once, here.
  return { file: path, experiment: service ? { ...experiment, topology: { ...experiment.topology, service: withAbsolutePaths(service, dirname(path)) } } : experiment };
}

function withServiceFlags(value: unknown, flags: Partial<ServiceConfig> | undefined): unknown {
  if (!flags || Object.keys(flags).length === 0 || typeof value !== 'object' || value === null) return value;
  const experiment = value as { topology?: { service?: ServiceConfig } };
  const base = experiment.topology?.service;
  // --service-image replaces a build of the file's (and the reverse): one source.
  const source = flags.image !== undefined || flags.build !== undefined ? { image: undefined, build: undefined } : {};
  const merged = { ...base, ...source, ...flags, ...(base?.env || flags.env ? { env: { ...base?.env, ...flags.env } } : {}) };
  const clean = Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined));
  return { ...experiment, topology: { ...experiment.topology, service: clean } };
}
