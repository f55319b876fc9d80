// Saves a run as `<outRoot>/<experiment>/<runId>/`: every file written to a temporary name, synced, then renamed,
// and run.json last, so a directory with run.json holds a complete run and one without it is an interrupted save.
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { BenchError, infraError } from '../errors/bench-error.ts';
import type { RunResult } from './run-result.ts';

export const RUN_FILE_NAME = 'run.json';

export interface RunFile {
  /** A plain file name inside the run directory (no path separators), e.g. `baseline-flush.hgrm`. */
  name: string;
  content: string | Uint8Array;
}

/** Writes the run and returns its directory. Never overwrites: an existing run directory is an error. */
export async function writeRun(outRoot: string, result: RunResult, files: readonly RunFile[]): Promise<string> {
  checkPathSegment('experiment', result.experiment);
  checkPathSegment('runId', result.runId);
  checkFileNames(files);

  const experimentDir = join(outRoot, result.experiment);
  const runDir = join(experimentDir, result.runId);
  try {
    await mkdir(experimentDir, { recursive: true });
    // Not recursive: fails with EEXIST if the run directory is already there, which is the exclusivity we want.
    await mkdir(runDir);
  } catch (cause) {
    if (errorCode(cause) === 'EEXIST') {
      throw new BenchError('bad-input', `run directory already exists: ${runDir}`, {
        hint: 'bench never overwrites an earlier run; use a new run id (leave --run-id out to generate one).',
        cause,
      });
    }
    throw infraError(
      `cannot create the run directory ${runDir}`,
      'Check that the results directory is writable and the disk is not full.',
      cause,
    );
  }

  for (const file of files) await writeFileAtomically(runDir, file.name, file.content);
  await writeFileAtomically(runDir, RUN_FILE_NAME, `${JSON.stringify(result, null, 2)}\n`);
  return runDir;
}

/** Replaces one derived file (a report) inside an existing run directory, atomically; never run.json. */
export async function rewriteRunFile(runDir: string, file: RunFile): Promise<void> {
  checkFileNames([file]);
  await writeFileAtomically(runDir, file.name, file.content);
}

/** Writes a file a command was told to write outside the run directory (--junit, index.html), atomically too. */
export async function writeFileOutsideRun(file: string, content: string): Promise<void> {
  const hint = 'Check that the directory is writable and the disk is not full.';
  try {
    await mkdir(dirname(file), { recursive: true });
  } catch (cause) {
    throw infraError(`cannot create the directory of ${file}`, hint, cause);
  }
  await writeFileAtomically(dirname(file), basename(file), content, hint);
}

/**
 * Writes `dir/name` through a synced temporary file and a rename, so a reader never sees half a file. `hint`:
 * what to check when it fails.
 */
export async function writeFileAtomically(
  dir: string,
  name: string,
  content: string | Uint8Array,
  hint = 'Check that the results directory is writable and the disk is not full.',
): Promise<void> {
  const finalPath = join(dir, name);
  const tmpPath = `${finalPath}.tmp-${process.pid}`;
  try {
    const handle = await open(tmpPath, 'wx');
    try {
      await handle.writeFile(content);
      // Sync before the rename, so after a crash run.json never points at files the disk does not hold yet.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmpPath, finalPath);
  } catch (cause) {
    await rm(tmpPath, { force: true }).catch(() => undefined);
    throw infraError(`cannot write ${finalPath}`, hint, cause);
  }
}

function checkPathSegment(field: string, value: string): void {
  if (!/^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(value)) {
    throw new BenchError('bad-input', `${field} "${value}" cannot be used as a directory name`, {
      hint: `Use letters, digits, '.', '_' and '-' in the ${field} (it names the results directory).`,
    });
  }
}

function checkFileNames(files: readonly RunFile[]): void {
  const seen = new Set<string>();
  for (const { name } of files) {
    // Programming errors in the orchestrator or a reporter, not user input.
    if (!/^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(name) || name.includes('.tmp-')) {
      throw new BenchError('internal', `run file name "${name}" is not a plain file name`, {
        hint: "File names inside a run directory use letters, digits, '.', '_' and '-' only.",
      });
    }
    if (name === RUN_FILE_NAME) {
      throw new BenchError('internal', `${RUN_FILE_NAME} is written by writeRun itself`, {
        hint: 'Pass the RunResult as the second argument instead of a run.json file.',
      });
    }
    if (seen.has(name)) throw new BenchError('internal', `run file "${name}" is listed twice`, { hint: 'Give every file a unique name.' });
    seen.add(name);
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
