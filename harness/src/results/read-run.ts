// Reads a saved run back, for `bench report DIR`, `bench compare` and `bench ls`. Only the fields every reporter
// relies on are checked; the schema version decides whether the rest can be trusted.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BenchError, type Issue } from '../errors/bench-error.ts';
import { SCHEMA_VERSION, type RunResult } from './run-result.ts';
import { RUN_FILE_NAME } from './write-run.ts';

/** `dirOrFile` is a run directory or its run.json. */
export async function readRun(dirOrFile: string): Promise<RunResult> {
  const file = (await isDirectory(dirOrFile)) ? join(dirOrFile, RUN_FILE_NAME) : dirOrFile;

  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new BenchError('bad-input', `cannot read ${file}`, {
      hint:
        'Pass a run directory (results/<experiment>/<run-id>). A run directory without run.json is a run whose save ' +
        'was interrupted; its other files may be incomplete.',
      cause,
    });
  }

  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new BenchError('bad-input', `${file} is not valid JSON`, {
      hint: 'run.json is written by bench; restore it from the original run or re-run the experiment.',
      cause,
    });
  }

  checkSchemaVersion(file, data);
  const issues = shapeIssues(file, data as Record<string, unknown>);
  if (issues.length > 0) {
    throw new BenchError('bad-input', `${file} is not a complete bench run`, {
      hint: 'run.json is written by bench; restore it from the original run or re-run the experiment.',
      issues,
    });
  }
  return data as RunResult;
}

function checkSchemaVersion(file: string, data: unknown): void {
  const version = typeof data === 'object' && data !== null ? (data as { schemaVersion?: unknown }).schemaVersion : undefined;
  if (version === SCHEMA_VERSION) return;
  if (typeof version !== 'number') {
    throw new BenchError('bad-input', `${file} has no schemaVersion: it is not a bench run.json`, {
      hint: 'Pass the directory of a run saved by bench (results/<experiment>/<run-id>).',
    });
  }
  const hint =
    version > SCHEMA_VERSION
      ? `It was written by a newer bench; upgrade bench to read it.`
      : `It was written by an older bench; read it with the bench version that wrote it (see environment.benchVersion) or re-run the experiment.`;
  throw new BenchError('bad-input', `${file} has schemaVersion ${version}; this bench reads schemaVersion ${SCHEMA_VERSION}`, { hint });
}

function shapeIssues(file: string, data: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  const hint = 'Restore run.json from the original run or re-run the experiment.';
  for (const field of ['experiment', 'runId', 'status', 'startedAt', 'finishedAt'] as const) {
    if (typeof data[field] !== 'string') issues.push({ file, path: field, message: 'missing or not a string', hint });
  }
  if (typeof data.environment !== 'object' || data.environment === null) {
    issues.push({ file, path: 'environment', message: 'missing or not an object', hint });
  }
  if (!Array.isArray(data.variants)) {
    issues.push({ file, path: 'variants', message: 'missing or not an array', hint });
    return issues;
  }
  data.variants.forEach((variant: unknown, v) => {
    const phases = typeof variant === 'object' && variant !== null ? (variant as { phases?: unknown }).phases : undefined;
    if (!Array.isArray(phases)) issues.push({ file, path: `variants[${v}].phases`, message: 'missing or not an array', hint });
  });
  return issues;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
