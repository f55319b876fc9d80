// Plan and result files on disk: read with every problem named (exit 2), written atomically (temporary name,
// fsync, rename), so a reader never sees half a result and an interrupted generator leaves no file at all.
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { badInput } from '../errors/bench-error.ts';
import { writeFileAtomically } from '../results/write-run.ts';
import type { NamedResult } from './merge-segments.ts';
import { validatePlan, type SegmentPlan } from './segment-plan.ts';
import { validateResult } from './segment-result.ts';

const RESULT_FILE = /^segment-\d+-of-\d+\.json$/;

export const resultFileName = (index: number, count: number): string => `segment-${index + 1}-of-${count}.json`;

export async function readPlanFile(file: string): Promise<SegmentPlan> {
  return validatePlan(await readJson(file), file);
}

/** Result files, given one by one or as the directories `bench segment --out` wrote them into. */
export async function readResults(paths: readonly string[]): Promise<NamedResult[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (!info) throw badInput(`${path} does not exist`, 'Give the directories (or files) that `bench segment --out` wrote.');
    if (info.isDirectory()) {
      const names = (await readdir(path)).filter((n) => RESULT_FILE.test(n)).sort();
      if (names.length === 0)
        throw badInput(
          `${path} holds no segment result (segment-<i>-of-<n>.json)`,
          'Did that generator finish? Its `bench segment` writes the file at the end.',
        );
      files.push(...names.map((n) => join(path, n)));
    } else files.push(path);
  }
  const results: NamedResult[] = [];
  for (const file of files) results.push({ file, result: validateResult(await readJson(file), file) });
  return results;
}

export async function writeJsonAtomically(dir: string, name: string, value: unknown): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFileAtomically(
    dir,
    name,
    `${JSON.stringify(value, null, 2)}\n`,
    'Check that the directory is writable and the disk is not full.',
  );
  return join(dir, name);
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw badInput(`cannot read ${file}`, 'Check the path.');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw badInput(`${file} is not JSON: ${(error as Error).message}`, 'Give the file bench wrote, unedited.');
  }
}
