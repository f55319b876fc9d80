// `bench down`: remove containers by label, across runs (the Runtime interface only knows its own run).
import { createDockerClient } from './client.ts';
import { LABEL, PROJECT } from './labels.ts';

export interface BenchContainer {
  id: string;
  name: string;
  runId: string;
  role: string;
  kept: boolean;
  state: string;
}

export async function listBenchContainers(): Promise<BenchContainer[]> {
  const listed = await createDockerClient().listContainers({ all: true, filters: { label: [`${LABEL.project}=${PROJECT}`] } });
  return listed.map((c) => ({
    id: c.Id,
    name: (c.Names[0] ?? c.Id).replace(/^\//, ''),
    runId: c.Labels[LABEL.run] ?? '',
    role: c.Labels[LABEL.role] ?? '',
    kept: c.Labels[LABEL.keep] === 'true',
    state: c.State,
  }));
}

export async function removeContainers(ids: readonly string[]): Promise<void> {
  const docker = createDockerClient();
  await Promise.all(
    ids.map((id) =>
      docker
        .getContainer(id)
        .remove({ force: true, v: true })
        .catch((error: { statusCode?: number }) => {
          if (error.statusCode !== 404) throw error;
        }),
    ),
  );
}
