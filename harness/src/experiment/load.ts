// Imports an experiment file (TypeScript, run by Node's type stripping) and validates it.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { badInput } from '../errors/bench-error.ts';
import type { ExperimentDefinition } from './types.ts';
import { validateExperiment } from './validate.ts';

export async function loadExperiment(file: string): Promise<{ file: string; experiment: ExperimentDefinition }> {
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
  const value = module.default ?? module.experiment;
  const issues = await validateExperiment(value, file);
  if (issues.length > 0) {
    throw badInput(`experiment file ${file} has ${issues.length} problem${issues.length === 1 ? '' : 's'}; nothing was started`, undefined, issues);
  }
  return { file: path, experiment: value as ExperimentDefinition };
}
