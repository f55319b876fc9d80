// summary.md's probe section: read-after-write and write-ledger figures per variant and phase. Pure.
import type { RunResult } from '../../results/run-result.ts';
import { formatPercent, MISSING } from '../format.ts';

const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
const rule = (count: number): string => row(Array.from({ length: count }, (_, i) => (i < 2 ? ':---' : '---:')));

/** Empty when no phase carries probe figures. */
export function renderProbeTables(result: RunResult): string {
  const phases = result.variants.flatMap((v) => v.phases.map((p) => ({ variant: v.name, phase: p })));
  const raw = phases.filter((x) => x.phase.readAfterWrite);
  const writes = phases.filter((x) => x.phase.writes);
  if (raw.length === 0 && writes.length === 0) return '';
  const lines = ['## Probes'];
  if (raw.length > 0) {
    const headers = ['variant', 'phase', 'checks', 'fresh', 'stale', 'stale %', 'stale, other instance', 'failed', 'skipped'];
    lines.push(
      '',
      "Read-after-write: write a task, read the user's tasks at once through the entry point; stale = the read missed it.",
      '',
      row(headers),
      rule(headers.length),
    );
    for (const { variant, phase } of raw) {
      const r = phase.readAfterWrite!;
      lines.push(
        row([
          variant,
          phase.name,
          String(r.checks),
          String(r.fresh),
          String(r.stale),
          r.staleRate === null ? MISSING : formatPercent(r.staleRate),
          String(r.staleCrossInstance),
          String(r.writeFailed + r.readFailed),
          String(r.skipped),
        ]),
      );
    }
  }
  if (writes.length > 0) {
    const headers = ['variant', 'phase', 'sent', 'acknowledged', 'lost', 'rejected', 'unknown', 'unknown, present', 'skipped'];
    lines.push(
      '',
      'Write ledger: every write looked up in the database of record after the faults were rolled back; lost = acknowledged (2xx) and absent.',
      '',
      row(headers),
      rule(headers.length),
    );
    for (const { variant, phase } of writes) {
      const w = phase.writes!;
      const checked = (n: number): string => (w.verified ? String(n) : `${MISSING} (not checked)`);
      lines.push(
        row([
          variant,
          phase.name,
          String(w.sent),
          String(w.acknowledged),
          checked(w.lost),
          String(w.rejected),
          String(w.unknown),
          checked(w.unknownPresent),
          String(w.skipped ?? 0),
        ]),
      );
    }
  }
  return lines.join('\n');
}
