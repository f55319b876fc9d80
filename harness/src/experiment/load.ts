// Imports an experiment file (TypeScript, run by Node's type stripping) and validates it.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { badInput } from '../errors/bench-error.ts';
import type { RequestTemplate } from '../driver/driver.ts';
import type { ServiceConfig } from '../topology/service/service-config.ts';
import { withAbsolutePaths } from './validate-service.ts';
import type { ExperimentDefinition } from './types.ts';
import { withParsedParts, type ValidatedExperiment } from './validated.ts';
import { validateExperiment } from './validate.ts';

export interface LoadOptions {
  /** `--service-*` flags: merged over the file's `topology.service` before validation (paths already absolute). */
  service?: Partial<ServiceConfig>;
  /** `--request` (and `--request-body`): the load's request, for the base load and every variant that sets one. */
  request?: RequestTemplate;
  /** `--keys`: how many keys `{key}` ranges over (the distribution stays the file's). */
  keyCount?: number;
}

export async function loadExperiment(file: string, options: LoadOptions = {}): Promise<{ file: string; experiment: ValidatedExperiment }> {
  const path = resolve(file);
  if (!existsSync(path))
    throw badInput(
      `experiment file ${file} does not exist`,
      'pass the path of a file under experiments/, e.g. experiments/cache-stampede.ts',
    );
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw badInput(
      `experiment file ${file} could not be loaded: ${(error as Error).message}`,
      'fix the syntax or import error above; experiment files are TypeScript modules that `export default defineExperiment({...})`',
    );
  }
  const value = withLoadFlags(withServiceFlags(module.default ?? module.experiment, options.service), options);
  const issues = await validateExperiment(value, file);
  if (issues.length > 0) {
    throw badInput(
      `experiment file ${file} has ${issues.length} problem${issues.length === 1 ? '' : 's'}; nothing was started`,
      undefined,
      issues,
    );
  }
  const experiment = withParsedParts(value as ExperimentDefinition, file);
  const service = experiment.topology.service;
  // Later code runs from any directory: the service's files are resolved once, here.
  return {
    file: path,
    experiment: service
      ? { ...experiment, topology: { ...experiment.topology, service: withAbsolutePaths(service, dirname(path)) } }
      : experiment,
  };
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

/**
 * The experiment's question with another service's request: the file stays as written, the flags replace what
 * names the reference API (its request and its key range), and validation then sees the result as a whole.
 */
function withLoadFlags(value: unknown, options: LoadOptions): unknown {
  const { request, keyCount } = options;
  if ((request === undefined && keyCount === undefined) || typeof value !== 'object' || value === null) return value;
  type Load = { request?: unknown; keys?: Record<string, unknown> };
  const experiment = value as { load?: Load; variants?: Array<{ load?: Load }> };
  const override = (load: Load | undefined, base: boolean): Load | undefined => {
    if (!load && !base) return load;
    return {
      ...load,
      ...(request && (base || load?.request !== undefined) ? { request } : {}),
      ...(keyCount !== undefined && (base || load?.keys !== undefined) ? { keys: { ...load?.keys, count: keyCount } } : {}),
    };
  };
  return {
    ...experiment,
    load: override(experiment.load, true),
    ...(Array.isArray(experiment.variants)
      ? { variants: experiment.variants.map((v) => (typeof v === 'object' && v !== null ? { ...v, load: override(v.load, false) } : v)) }
      : {}),
  };
}
