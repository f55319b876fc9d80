import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderComposeFiles } from './compose-files.ts';
import { toYaml } from './yaml.ts';

describe('compose files', () => {
  it('match the topology definitions they are generated from (run `./bench compose --write` after a change)', async () => {
    for (const file of await renderComposeFiles()) {
      const committed = await readFile(new URL(`../../../../compose/${file.fileName}`, import.meta.url), 'utf8').catch(() => '(missing)');
      expect(committed, `compose/${file.fileName} drifted from its definition`).toBe(file.content);
    }
  });

  it('run everything on host networking with official images, escaping $ for compose', async () => {
    const files = await renderComposeFiles();
    expect(files.map((f) => f.kind)).toEqual(['single', 'lb', 'cache', 'replicas', 'sharded', 'regions', 'queue']);
    const cache = files.find((f) => f.kind === 'cache')!.content;
    expect(cache).toContain('image: "postgres:16.4-bookworm"');
    expect(cache).toContain('network_mode: "host"');
    expect(cache).toContain('$$HAPROXY_CFG');
    expect(cache).not.toMatch(/[^$]\$HAPROXY_CFG/);
    const regions = files.find((f) => f.kind === 'regions')!.content;
    expect(regions).toContain('toxiproxy-setup:');
    expect(regions).toContain('distance-upstream');
    expect(cache).toContain('/populate');
  });
});

describe('toYaml', () => {
  it('writes nested mappings and sequences with quoted scalars', () => {
    expect(toYaml({ a: { b: [1, 'x: y', { c: true }] }, e: [], f: {} })).toBe(
      ['a:', '  b:', '    - 1', '    - "x: y"', '    - c: true', 'e: []', 'f: {}', ''].join('\n'),
    );
  });
});
