// The program itself: its version, and a reader that goes away (`bench compose | head -1`).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.ts';
import { benchVersion } from './version.ts';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

describe('bench', () => {
  it('prints its version with --version and -V', async () => {
    for (const flag of ['--version', '-V']) {
      const run = await runCli([flag]);
      expect(run.exitCode).toBe(0);
      expect(run.stdout.trim()).toBe(benchVersion());
    }
  });

  it('ends quietly with 0 when its reader closes the pipe early', () => {
    // As a user would: through a shell pipe into `head -1`, which exits after the first line.
    const script = `"${process.execPath}" "${MAIN}" compose 2>/tmp/bench-epipe-$$.err | head -1 >/dev/null; echo "$\{PIPESTATUS[0]}"; cat /tmp/bench-epipe-$$.err; rm -f /tmp/bench-epipe-$$.err`;
    const out = execFileSync('bash', ['-c', script]).toString().split('\n');
    expect(out[0]).toBe('0');
    expect(out.slice(1).join('\n')).not.toContain('EPIPE');
  });
});
