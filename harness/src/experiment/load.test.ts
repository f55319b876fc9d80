import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadExperiment } from './load.ts';

const INDEX = fileURLToPath(new URL('../index.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'bench-load-'));
const file = join(dir, 'generic.ts');
writeFileSync(
  file,
  `import { defineExperiment } from ${JSON.stringify(INDEX)};
export default defineExperiment({
  name: 'generic',
  topology: { kind: 'lb', replicas: 2 },
  load: { driver: 'open', ratePerSec: 10, connections: 8, request: { method: 'GET', path: '/tasks/{key}' }, keys: { distribution: 'zipf', count: 10000, exponent: 1 } },
  phases: [{ name: 'a', durationMs: 1000 }],
  variants: [{ name: 'reads' }, { name: 'writes', load: { request: { method: 'POST', path: '/tasks', body: '{"userId":{key}}' } } }],
});
`,
);

describe('loadExperiment with --request and --keys', () => {
  it('replaces the request of the base load and of every variant that sets one, and the key range, keeping the distribution', async () => {
    const { experiment } = await loadExperiment(file, {
      request: { method: 'GET', path: '/items/{key}' },
      keyCount: 500,
      service: { image: 'items:1' },
    });
    expect(experiment.load.request).toEqual({ method: 'GET', path: '/items/{key}' });
    expect(experiment.load.keys).toEqual({ distribution: 'zipf', count: 500, exponent: 1 });
    expect(experiment.variants!.map((v) => v.load?.request)).toEqual([undefined, { method: 'GET', path: '/items/{key}' }]);
    expect(experiment.topology.service).toEqual({ image: 'items:1' });
  });

  it('leaves the file as written without the flags', async () => {
    const { experiment } = await loadExperiment(file);
    expect(experiment.load.request.path).toBe('/tasks/{key}');
    expect(experiment.variants![1]!.load!.request!.method).toBe('POST');
  });
});
