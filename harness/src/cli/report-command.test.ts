// `bench report DIR` works from the saved files alone: no Docker involved.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureRunResult } from '../../test/fixtures/run-result.ts';
import { renderRunFiles } from '../orchestrator/run-files.ts';
import { renderRunReports } from '../report/run-reporters.ts';
import { writeRun } from '../results/write-run.ts';
import { runCli } from '../../test/cli.ts';

describe('bench report', () => {
  it('re-renders summary.md from run.json and prints the table', async () => {
    const out = await mkdtemp(join(tmpdir(), 'bench-report-'));
    const result = fixtureRunResult();
    const dir = await writeRun(out, result, []);
    const run = await runCli(['report', dir]);
    expect(run.exitCode, run.stderr).toBe(0);
    const summary = await readFile(join(dir, 'summary.md'), 'utf8');
    expect(summary).toContain(result.runId);
    for (const phase of result.variants[0]!.phases) {
      expect(summary).toContain(phase.name);
      expect(run.stdout).toContain(phase.name);
    }
    await rm(out, { recursive: true });
  });

  it('renders every report `bench run` saves, comparison.md among them, with the same content', async () => {
    const out = await mkdtemp(join(tmpdir(), 'bench-report-'));
    const result = fixtureRunResult();
    const runFiles = renderRunFiles(result, []);
    const reportNames = new Set(renderRunReports(result, { timeline: [], events: result.events ?? [] }).map((r) => r.fileName));
    // The run as saved without its reports: only what the measurements left beside run.json.
    const dir = await writeRun(
      out,
      result,
      runFiles.filter((f) => !reportNames.has(f.name)),
    );
    const run = await runCli(['report', dir]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect((await readdir(dir)).sort()).toEqual([...runFiles.map((f) => f.name), 'run.json'].sort());
    expect(reportNames).toContain('comparison.md');
    for (const file of runFiles) expect(await readFile(join(dir, file.name), 'utf8'), file.name).toBe(file.content);
    expect(run.stdout).toContain(`rewrote ${join(dir, 'comparison.md')}`);
    await rm(out, { recursive: true });
  });

  it("takes RUN/run.json for the run's directory", async () => {
    const out = await mkdtemp(join(tmpdir(), 'bench-report-'));
    const dir = await writeRun(out, fixtureRunResult(), []);
    const run = await runCli(['report', join(dir, 'run.json')]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain(`rewrote ${join(dir, 'summary.md')}`);
    await rm(out, { recursive: true });
  });

  it('exits 2 when the directory holds no run', async () => {
    const out = await mkdtemp(join(tmpdir(), 'bench-report-'));
    const run = await runCli(['report', out]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('run.json');
  });
});
