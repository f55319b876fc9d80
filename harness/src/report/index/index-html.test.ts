import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeRun } from '../../results/write-run.ts';
import { fixtureRunResult } from '../../../test/fixtures/run-result.ts';
import { renderIndexHtml } from './index-html.ts';
import { findRuns, sortNewestFirst, type IndexedRun } from './run-index.ts';

describe('results/index.html', () => {
  const older = {
    ...fixtureRunResult(),
    runId: '20261120T100000Z-aaaaaa',
    startedAt: '2026-11-20T10:00:00.000Z',
    status: 'passed' as const,
  };
  const newer = fixtureRunResult();

  it('lists runs newest first with status, duration, headline figures and a report link', () => {
    const html = renderIndexHtml(
      sortNewestFirst([
        { dir: `cache-stampede/${older.runId}`, result: older, hasHtmlReport: false },
        { dir: `cache-stampede/${newer.runId}`, result: newer, hasHtmlReport: true },
      ]),
      { generatedAt: '2026-11-24T00:00:00.000Z' },
    );
    expect(html.indexOf(newer.runId)).toBeLessThan(html.indexOf(older.runId));
    expect(html).toContain('<a href="cache-stampede/20261123T083736Z-3f9a1c/report.html">report.html</a>');
    expect(html).toContain('no report.html');
    expect(html).toContain('<span class="pill failed">failed</span>');
    expect(html).toContain('<span class="pill passed">passed</span>');
    expect(html).toContain('2m 06s');
    // Worst-phase p99 and error rate per variant: flush was the worst for no-coalescing.
    expect(html).toContain('<strong>no-coalescing</strong> p99 873 ms <span class="muted">(flush)</span> · 0.09 % err');
    expect(html).toContain('<strong>empty</strong> p99 — · — err');
    expect(html).toContain('2 runs');
    expect(html).not.toMatch(/<script/i);
  });

  it('lists unreadable runs with the reason, and says when there are none', () => {
    const broken: IndexedRun = { dir: 'x/20261101T000000Z-bbbbbb', result: null, problem: 'schemaVersion 9 <newer>', hasHtmlReport: false };
    expect(renderIndexHtml([broken])).toContain('schemaVersion 9 &lt;newer&gt;');
    expect(renderIndexHtml([])).toContain('No saved runs yet.');
  });

  describe('findRuns', () => {
    let root = '';
    afterAll(async () => {
      if (root) await rm(root, { recursive: true, force: true });
    });

    it('finds saved runs, skips interrupted saves, reports broken ones', async () => {
      root = await mkdtemp(join(tmpdir(), 'bench-index-'));
      const newDir = await writeRun(root, newer, [{ name: 'report.html', content: '<!doctype html>' }]);
      await writeRun(root, older, []);
      await mkdir(join(root, 'cache-stampede', '20261101T000000Z-interrupted'));
      await mkdir(join(root, 'other', '20261102T000000Z-broken'), { recursive: true });
      await writeFile(join(root, 'other', '20261102T000000Z-broken', 'run.json'), '{"schemaVersion": 99}');

      const runs = await findRuns(root);
      expect(runs.map((r) => [r.dir, r.result?.status ?? 'unreadable', r.hasHtmlReport])).toEqual([
        [`cache-stampede/${newer.runId}`, 'failed', true],
        [`cache-stampede/${older.runId}`, 'passed', false],
        ['other/20261102T000000Z-broken', 'unreadable', false],
      ]);
      expect(runs[2]!.problem).toContain('schemaVersion 99');
      expect(newDir).toContain(newer.runId);
      expect(await findRuns(join(root, 'missing'))).toEqual([]);
    });
  });
});
