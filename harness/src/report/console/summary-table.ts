// The end-of-run table for a terminal: the same figures as summary.md, in aligned plain-text columns.
import { runWarnings } from '../run-warnings.ts';
import type { RunResult } from '../../results/run-result.ts';
import { MISSING, droppedNote, formatSpan, formatUtc } from '../format.ts';
import { PHASE_COLUMNS, phaseRow, type TableColumn } from '../phase-table.ts';
import { thresholdTable, thresholdsHeadline } from '../threshold-table.ts';

export interface SummaryTableOptions {
  /** ANSI colours (status, non-zero error rates); off unless the caller knows the output is a colour terminal. */
  color?: boolean;
}

const ANSI = { red: '\u001b[31m', green: '\u001b[32m', yellow: '\u001b[33m', bold: '\u001b[1m', reset: '\u001b[0m' };
const ERROR_RATE_COLUMN = PHASE_COLUMNS.findIndex((c) => c.header === 'err %');

export function renderSummaryTable(result: RunResult, options: SummaryTableOptions = {}): string {
  const paint = (code: string, text: string): string => (options.color ? `${code}${text}${ANSI.reset}` : text);
  const statusColor = result.status === 'passed' ? ANSI.green : result.status === 'aborted' ? ANSI.yellow : ANSI.red;

  const lines = [
    `${paint(ANSI.bold, result.experiment)}  ${paint(statusColor, result.status)}  run ${result.runId}`,
    `started ${formatUtc(result.startedAt)}, took ${formatSpan(result.startedAt, result.finishedAt)}`,
  ];
  if (result.reason) lines.push(`reason: ${result.reason}`);
  // Severe ones (aborted, thresholds failed) are the status, the reason and the threshold table already.
  for (const w of runWarnings(result).filter((w) => !w.severe)) lines.push(paint(ANSI.yellow, `warning: ${w.title} ${w.detail}`));

  // One set of column widths for every variant, so their figures line up for comparison.
  const rowsByVariant = result.variants.map((variant) => variant.phases.map(phaseRow));
  const allRows = rowsByVariant.flat();
  const [headerLine = '', ruleLine = '', ...body] = alignTable(PHASE_COLUMNS, allRows, (row, column, padded) => {
    const cell = allRows[row]?.[column];
    const failing = column === ERROR_RATE_COLUMN && cell !== undefined && cell !== '0' && cell !== MISSING;
    return failing ? paint(ANSI.red, padded) : padded;
  });

  let next = 0;
  result.variants.forEach((variant, v) => {
    lines.push('', `variant ${paint(ANSI.bold, variant.name)}`);
    const count = rowsByVariant[v]?.length ?? 0;
    if (count === 0) {
      lines.push('  no phase was recorded');
      return;
    }
    lines.push(...[headerLine, ruleLine, ...body.slice(next, next + count)].map((line) => `  ${line}`));
    next += count;
    // Beside the percentiles they leave out: drops are the slowest requests.
    for (const phase of variant.phases) {
      const note = droppedNote(phase);
      if (note) lines.push(paint(ANSI.yellow, `  ${phase.name}: latency ${note}`));
    }
  });
  lines.push(...thresholdLines(result, paint));
  return `${lines.join('\n')}\n`;
}

/** One line per threshold result; nothing when the run declared none. */
function thresholdLines(result: RunResult, paint: (code: string, text: string) => string): string[] {
  const results = result.thresholds ?? [];
  if (results.length === 0) return [];
  const { columns, rows } = thresholdTable(results);
  const resultColumn = columns.findIndex((c) => c.header === 'result');
  const table = alignTable(columns, rows, (row, column, padded) =>
    column === resultColumn ? paint(results[row]?.passed ? ANSI.green : ANSI.red, padded) : padded,
  );
  const failed = results.some((r) => !r.passed);
  return ['', `thresholds: ${paint(failed ? ANSI.red : ANSI.green, thresholdsHeadline(results))}`, ...table.map((line) => `  ${line}`)];
}

/**
 * Pads every cell to its column's widest text (measured before colouring, so escape codes never skew the
 * alignment); `decorate` may colour a padded body cell.
 */
export function alignTable(
  columns: readonly TableColumn[],
  rows: readonly (readonly string[])[],
  decorate: (row: number, column: number, padded: string) => string = (_r, _c, padded) => padded,
): string[] {
  const widths = columns.map((column, c) => Math.max(column.header.length, ...rows.map((row) => (row[c] ?? '').length)));
  const pad = (text: string, c: number): string => {
    const width = widths[c] ?? text.length;
    return columns[c]?.align === 'right' ? text.padStart(width) : text.padEnd(width);
  };
  const header = columns.map((column, c) => pad(column.header, c)).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const body = rows.map((row, r) =>
    columns
      .map((_column, c) => decorate(r, c, pad(row[c] ?? '', c)))
      .join('  ')
      .trimEnd(),
  );
  return [header.trimEnd(), rule, ...body];
}
