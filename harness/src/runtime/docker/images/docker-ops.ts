// The few engine calls image provisioning needs: inspect, import a rootfs tarball, build with the legacy
// builder (BuildKit may try to resolve base images remotely, which must never happen offline), pull.
import { readdirSync } from 'node:fs';
import type { Docker } from '../client.ts';

interface ProgressEvent {
  stream?: string;
  status?: string;
  progress?: string;
  error?: string;
  errorDetail?: { message?: string };
}

export async function imageExists(docker: Docker, ref: string): Promise<boolean> {
  try {
    await docker.getImage(ref).inspect();
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
}

/** Every `repo:tag` present locally for one repository (to tell "outdated" from "missing"). */
export async function listRepoTags(docker: Docker, repo: string): Promise<string[]> {
  const images = await docker.listImages({ filters: JSON.stringify({ reference: [repo] }) });
  return images.flatMap((image) => image.RepoTags ?? []).filter((tag) => tag.startsWith(`${repo}:`));
}

export interface StreamOutcome {
  /** The engine's error message, when the operation failed. */
  error: string | undefined;
  /** Last lines of the engine's progress output. */
  tail: string;
}

/** Reads a progress stream to its end; failures arrive as an event with `error`, not as a stream error. */
function follow(docker: Docker, stream: NodeJS.ReadableStream, onLine?: (line: string) => void): Promise<StreamOutcome> {
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    let error: string | undefined;
    docker.modem.followProgress(
      stream,
      (err: Error | null) => {
        if (err) reject(err);
        else resolve({ error, tail: lines.slice(-25).join('\n') });
      },
      (event: ProgressEvent) => {
        if (event.error) error = event.errorDetail?.message ?? event.error;
        const text = (event.stream ?? event.status ?? event.error ?? '').trimEnd();
        if (text.length === 0 || event.progress) return;
        for (const line of text.split('\n')) {
          lines.push(line);
          onLine?.(line);
        }
        if (lines.length > 200) lines.splice(0, lines.length - 100);
      },
    );
  });
}

export async function importRootfs(
  docker: Docker,
  tarPath: string,
  options: { repo: string; tag: string; changes: readonly string[]; onLine?: (line: string) => void },
): Promise<StreamOutcome> {
  const stream = await docker.importImage(tarPath, { repo: options.repo, tag: options.tag, changes: [...options.changes] });
  return follow(docker, stream, options.onLine);
}

/** Builds the directory as the context with its `Dockerfile`; `version: '1'` selects the legacy builder. */
export async function buildFromDir(
  docker: Docker,
  contextDir: string,
  options: {
    tag: string;
    labels: Record<string, string>;
    onLine?: (line: string) => void;
    buildArgs?: Record<string, string>;
    noNetwork?: boolean;
  },
): Promise<StreamOutcome> {
  const stream = await docker.buildImage(
    { context: contextDir, src: readdirSync(contextDir) },
    {
      t: options.tag,
      labels: options.labels,
      rm: true,
      forcerm: true,
      version: '1',
      ...(options.buildArgs ? { buildargs: options.buildArgs } : {}),
      ...(options.noNetwork ? { networkmode: 'none' } : {}),
    },
  );
  return follow(docker, stream, options.onLine);
}

export async function pullImage(docker: Docker, ref: string, onLine?: (line: string) => void): Promise<StreamOutcome> {
  const stream = await docker.pull(ref);
  return follow(docker, stream, onLine);
}

/**
 * Removes other tags of a repository (builds from older inputs), so images do not pile up as the source changes.
 * Never forced: an image a container still uses, or one other images are built FROM, stays; that is fine.
 */
export async function removeOtherTags(docker: Docker, repo: string, keepRef: string): Promise<{ removed: string[]; kept: string[] }> {
  const removed: string[] = [];
  const kept: string[] = [];
  for (const ref of await listRepoTags(docker, repo)) {
    if (ref === keepRef) continue;
    try {
      await docker.getImage(ref).remove();
      removed.push(ref);
    } catch {
      kept.push(ref);
    }
  }
  return { removed, kept };
}
