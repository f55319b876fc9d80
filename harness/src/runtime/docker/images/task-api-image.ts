// bench/task-api: the reference service bundled into one file. The local flavor runs it with the same official
// Node binary bench itself runs on, copied onto bench/stack; the official flavor uses targets/task-api/Dockerfile.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { infraError } from '../../../errors/bench-error.ts';
import { indentTail } from '../../../host/exec.ts';
import type { Logger } from '../../../log/logger.ts';
import type { Docker } from '../client.ts';
import { buildFromDir, type StreamOutcome } from './docker-ops.ts';
import { labels, taskApiDockerfile } from './recipe.ts';

/** Writes the task API as one ESM file to `outFile` (targets/task-api/bundle.ts provides the real one). */
export type TaskApiBundler = (outFile: string) => Promise<unknown>;

export const officialDockerfilePath = fileURLToPath(new URL('../../../../../targets/task-api/Dockerfile', import.meta.url));

export async function loadDefaultBundler(): Promise<TaskApiBundler> {
  // Loaded on demand: it pulls in esbuild, which nothing else in setup needs.
  const module = await import('../../../../../targets/task-api/bundle.ts');
  return module.bundleTaskApi;
}

/** Bundles into a scratch dir and returns the bytes (they feed the image's content hash). */
export async function bundleTaskApiBytes(bundler: TaskApiBundler, logger: Logger): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bundle-'));
  try {
    const outFile = join(dir, 'server.js');
    logger.debug('bundling the task API (targets/task-api/src/main.ts)');
    try {
      await bundler(outFile);
    } catch (error) {
      throw infraError(
        `bundling the task API failed: ${error instanceof Error ? error.message : String(error)}`,
        'run `node targets/task-api/build.ts` to see the full esbuild output, fix the source, then run `bench setup` again',
        error,
      );
    }
    if (!existsSync(outFile)) {
      throw infraError(`the task API bundler wrote nothing to ${outFile}`, 'check targets/task-api/bundle.ts writes its outFile argument');
    }
    return readFileSync(outFile);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function buildLocalTaskApiImage(input: {
  docker: Docker;
  logger: Logger;
  stackRef: string;
  tag: string;
  hash: string;
  bundle: Uint8Array;
  nodeBinary: string;
}): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-task-api-'));
  try {
    copyFileSync(input.nodeBinary, join(dir, 'node'));
    writeFileSync(join(dir, 'server.js'), input.bundle);
    writeFileSync(join(dir, 'Dockerfile'), taskApiDockerfile(input.stackRef));
    input.logger.step(`docker build ${input.tag} (FROM ${input.stackRef} + node ${process.version} + bundle, legacy builder)`);
    await build(input, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Official flavor: the project's Dockerfile copies dist/server.js; its base image is pulled by the engine. */
export async function buildOfficialTaskApiImage(input: {
  docker: Docker;
  logger: Logger;
  tag: string;
  hash: string;
  bundle: Uint8Array;
  dockerfile: Uint8Array;
}): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-task-api-'));
  try {
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'server.js'), input.bundle);
    writeFileSync(join(dir, 'Dockerfile'), input.dockerfile);
    input.logger.step(`docker build ${input.tag} from targets/task-api/Dockerfile`);
    await build(input, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function build(input: { docker: Docker; logger: Logger; tag: string; hash: string }, dir: string): Promise<void> {
  const outcome: StreamOutcome = await buildFromDir(input.docker, dir, {
    tag: input.tag,
    labels: { [labels.contentHash]: input.hash, [labels.component]: 'task-api' },
    onLine: (line) => input.logger.debug(line),
  });
  if (outcome.error !== undefined) {
    throw infraError(
      `docker build of ${input.tag} failed: ${outcome.error}\n${indentTail(outcome.tail)}`,
      'check free disk space (`bench doctor`) and that the base image exists; then run `bench setup` again',
    );
  }
}
