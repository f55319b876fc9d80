// The words and figures both progress views print, so a CI log and a terminal say the same thing.
import { formatErrors, formatMs, formatRate } from '../report/format.ts';
import { errorTotal, type PhaseStart, type SecondSample } from './progress.ts';

/** `no-coalescing (1/2) · phase 2/4 flush · 15 s` */
export function phaseTitle(start: PhaseStart): string {
  const variant =
    start.variantIndex !== undefined && start.variantCount !== undefined && start.variantCount > 1
      ? `${start.variant} (${start.variantIndex + 1}/${start.variantCount})`
      : start.variant;
  return `${variant} · phase ${start.index + 1}/${start.count} ${start.phase} · ${clock(start.durationMs)}`;
}

/** `2901 req/s · p99 873 ms · errors 40 (5xx:37 reset:3)`, plus dropped requests when there were any. */
export function figures(sample: SecondSample, p99Label = 'p99'): string {
  const total = errorTotal(sample.errors);
  const parts = [
    `${formatRate(sample.rps)} req/s`,
    `${p99Label} ${sample.p99Ms === null ? '—' : `${formatMs(sample.p99Ms)} ms`}`,
    total > 0 ? `errors ${total} (${formatErrors(sample.errors)})` : 'errors 0',
  ];
  if ((sample.dropped ?? 0) > 0) parts.push(`dropped ${sample.dropped}`);
  return parts.join(' · ');
}

/** `45 s`, `2:05`, `1:02:03`: whole seconds, since the display changes once a second. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  if (total < 60) return `${total} s`;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = (total % 60).toString().padStart(2, '0');
  return hours > 0 ? `${hours}:${minutes.toString().padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** `[██████░░░░]` for 0..1. */
export function bar(fraction: number, width: number): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const filled = Math.round(clamped * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
}

/** Cuts a line to the terminal width, so a long name never wraps and breaks the in-place redraw. */
export function fit(line: string, columns: number | undefined): string {
  const max = Math.max(20, terminalWidth(columns) - 1);
  const chars = [...line];
  return chars.length <= max ? line : `${chars.slice(0, max - 1).join('')}…`;
}

/** A pseudo-terminal without a size reports 0 columns: treat that like an unknown width. */
export function terminalWidth(columns: number | undefined): number {
  return columns !== undefined && columns > 0 ? columns : 80;
}
