// The progress view as a user sees it: on a real pseudo-terminal (util-linux `script`) and through a pipe (CI).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findExecutable, systemDirs } from '../host/which.ts';
import { FakeTerminal } from '../../test/fixtures/fake-terminal.ts';

const DEMO = fileURLToPath(new URL('../../test/fixtures/progress-demo.ts', import.meta.url));
const SCRIPT = findExecutable('script', systemDirs);
const env = { ...process.env, TERM: 'xterm-256color', COLUMNS: '100' };

describe('progress on a terminal and in a pipe', () => {
  it.skipIf(!SCRIPT)('redraws in place on a pseudo-terminal (skipped: util-linux `script` not found)', () => {
    // -q no banner, -e exit with the child's status, -f flush as it goes, -c the command; the typescript goes nowhere.
    const run = spawnSync(SCRIPT!, ['-qefc', `"${process.execPath}" "${DEMO}"`, '/dev/null'], { env, encoding: 'utf8', timeout: 30_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('\x1b[');
    // Mid-run frames hold the whole block (a pseudo-terminal without a size is taken as 80 columns).
    expect(run.stdout).toContain('  last second: 1200 req/s · p99 4.10 ms · errors 0\x1b[K');
    expect(run.stdout).toContain('  last second: 450 req/s · p99 611 ms · errors 4 (5xx:3 reset:1)\x1b[K');
    const terminal = new FakeTerminal();
    terminal.write(run.stdout);
    expect(terminal.unknown).toEqual([]);
    // The live block is gone after finished(); what stays is the scrollback of phases, logs and events.
    expect(terminal.screen()).toEqual([
      '==> default · phase 1/2 baseline · 4 s',
      '    a log line',
      '    ⚡ cache flush (FLUSHALL on redis)',
      '==> default · phase 2/2 flush · 4 s',
      'done',
    ]);
  });

  it('prints plain lines, one per interval, when stderr is a pipe', () => {
    const run = spawnSync(process.execPath, [DEMO], { env, encoding: 'utf8', timeout: 30_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('\x1b');
    expect(run.stderr.split('\n')).toEqual([
      '==> default · phase 1/2 baseline · 4 s',
      '    default/baseline 2 s / 4 s: 1050 req/s · worst p99 4.50 ms · errors 0',
      '    a log line',
      '    ⚡ cache flush (FLUSHALL on redis)',
      '==> default · phase 2/2 flush · 4 s',
      '    default/flush 2 s / 4 s: 375 req/s · worst p99 850 ms · errors 16 (5xx:15 reset:1)',
      '',
    ]);
    expect(run.stdout).toBe('done\n');
  });

  it('prints only phase starts and events with --quiet', () => {
    const run = spawnSync(process.execPath, [DEMO, '--quiet'], { env, encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).toBe(
      '==> default · phase 1/2 baseline · 4 s\n    a log line\n    ⚡ cache flush (FLUSHALL on redis)\n==> default · phase 2/2 flush · 4 s\n',
    );
  });
});
