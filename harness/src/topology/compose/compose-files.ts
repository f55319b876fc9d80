// Every topology's compose file, rendered (pure; writing is the CLI's job).
import { topologyDefinition, topologyKinds } from '../registry.ts';
import { COMPOSE_IMAGES, fixedPorts, renderCompose } from './render-compose.ts';

export const COMPOSE_GENERATOR = './bench compose --write';

export async function renderComposeFiles(): Promise<Array<{ kind: string; fileName: string; content: string }>> {
  const files = [];
  for (const kind of topologyKinds) {
    const plan = await topologyDefinition(kind).plan({ kind } as never, { images: COMPOSE_IMAGES, port: fixedPorts() });
    files.push({ kind, fileName: `${kind}.yml`, content: renderCompose(plan, { generatedBy: COMPOSE_GENERATOR }) });
  }
  return files;
}
