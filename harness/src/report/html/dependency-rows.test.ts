import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEPENDENCIES_FILE_NAME, dependencyLine, parseDependenciesJsonl } from './dependency-rows.ts';
import { readRunSideFiles } from './run-side-files.ts';

describe('dependencies.jsonl parser', () => {
  it('reads every section as instances of numeric figures, keeping variant, repeat and tMs', () => {
    const text = [
      JSON.stringify({
        variant: 'coalescing',
        repeat: 2,
        tMs: 1003,
        containers: { postgres: { cpuCores: 0.5, cpuOfLimit: 0.25, memoryMb: 120.5 } },
        postgres: { primary: { transactionsPerSec: 40, active: 3, connections: 10 } },
        haproxy: {},
        broker: { orders: { length: 12, pending: 0 } },
      }),
      JSON.stringify({ variant: 'coalescing', tMs: 2001, containers: {}, postgres: {}, haproxy: { 'service-1': { up: 1, sessions: 4 } } }),
    ].join('\n');
    expect(parseDependenciesJsonl(`${text}\n`)).toEqual([
      {
        variant: 'coalescing',
        repeat: 2,
        tMs: 1003,
        sections: {
          containers: { postgres: { cpuCores: 0.5, cpuOfLimit: 0.25, memoryMb: 120.5 } },
          postgres: { primary: { transactionsPerSec: 40, active: 3, connections: 10 } },
          haproxy: {},
          broker: { orders: { length: 12, pending: 0 } },
        },
      },
      { variant: 'coalescing', tMs: 2001, sections: { containers: {}, postgres: {}, haproxy: { 'service-1': { up: 1, sessions: 4 } } } },
    ]);
  });

  it('skips lines that are no rows, as the timeline parser does: a truncated last line, no variant, no tMs', () => {
    const good = JSON.stringify({ variant: 'a', tMs: 1000, postgres: { primary: { active: 1 } } });
    const text = [
      good,
      '',
      JSON.stringify({ tMs: 2000, postgres: {} }),
      JSON.stringify({ variant: 'a', postgres: {} }),
      '[1,2]',
      '{"variant":"a","tMs":30',
    ].join('\n');
    expect(parseDependenciesJsonl(text)).toEqual([{ variant: 'a', tMs: 1000, sections: { postgres: { primary: { active: 1 } } } }]);
    expect(parseDependenciesJsonl('')).toEqual([]);
  });

  it('leaves out what is not a number in a record of records, keeping the rest of the line', () => {
    expect(
      dependencyLine({
        variant: 'a',
        tMs: 1000,
        note: 'not a section',
        list: [1, 2],
        redis: { cache: { commandsPerSec: 10, hitRatio: null, role: 'master', memoryMb: Number.NaN }, broken: 3 },
      }),
    ).toEqual({ variant: 'a', tMs: 1000, sections: { redis: { cache: { commandsPerSec: 10 } } } });
    expect(dependencyLine({ variant: 'a', tMs: Number.POSITIVE_INFINITY })).toBeNull();
    expect(dependencyLine('a')).toBeNull();
  });

  it('is read beside run.json by `bench report DIR`, and left out when the run has none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-side-files-'));
    try {
      expect((await readRunSideFiles(dir)).dependencies).toBeUndefined();
      await writeFile(
        join(dir, DEPENDENCIES_FILE_NAME),
        `${JSON.stringify({ variant: 'a', tMs: 1000, redis: { cache: { commandsPerSec: 3 } } })}\n`,
      );
      expect((await readRunSideFiles(dir)).dependencies).toEqual([
        { variant: 'a', tMs: 1000, sections: { redis: { cache: { commandsPerSec: 3 } } } },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
