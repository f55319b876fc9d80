// The per-second rows a run saves in timeline.jsonl and its events.jsonl, parsed back for the HTML report.
import type { TimelineSecond } from '../../recorder/timeline.ts';
import type { RunEvent } from '../../results/run-result.ts';
import type { DependencyLine } from './dependency-rows.ts';

export const TIMELINE_FILE_NAME = 'timeline.jsonl';
export const EVENTS_FILE_NAME = 'events.jsonl';

/** One line of timeline.jsonl: a variant's second (since its load started). */
export interface TimelineRow extends TimelineSecond {
  variant: string;
  /** With repeats: the repeat this second belongs to (1-based). */
  repeat?: number;
}

/** What a run saves beside run.json that reports may use. */
export interface RunSideFiles {
  timeline: TimelineRow[];
  /** events.jsonl; reporters fall back to `result.events` when absent. */
  events?: RunEvent[];
  /** dependencies.jsonl: the dependency sampler's seconds; absent or empty in older runs. */
  dependencies?: DependencyLine[];
}

/** Parses timeline.jsonl; lines that are not timeline rows (a truncated last line) are skipped, not fatal. */
export function parseTimelineJsonl(text: string): TimelineRow[] {
  const rows: TimelineRow[] = [];
  for (const value of jsonLines(text)) {
    if (!isRecord(value)) continue;
    const { variant, second, requests } = value;
    if (typeof variant !== 'string' || typeof second !== 'number' || typeof requests !== 'number') continue;
    rows.push({
      variant,
      second,
      requests,
      errors: isRecord(value.errors) ? (value.errors as TimelineRow['errors']) : {},
      p50Ms: typeof value.p50Ms === 'number' ? value.p50Ms : null,
      p99Ms: typeof value.p99Ms === 'number' ? value.p99Ms : null,
      ...(typeof value.dropped === 'number' ? { dropped: value.dropped } : {}),
      // Kept so the report can draw medians across repeats instead of letting one repeat overwrite another.
      ...(typeof value.repeat === 'number' ? { repeat: value.repeat } : {}),
    });
  }
  return rows;
}

export function parseEventsJsonl(text: string): RunEvent[] {
  return jsonLines(text).filter(
    (v): v is RunEvent => isRecord(v) && typeof v.atMs === 'number' && typeof v.variant === 'string' && typeof v.kind === 'string',
  );
}

export function timelineJsonl(rows: readonly TimelineRow[]): string {
  return rows.length > 0 ? `${rows.map((r) => JSON.stringify(r)).join('\n')}\n` : '';
}

/** Each line's JSON value; a line that is not JSON is skipped. */
export function jsonLines(text: string): unknown[] {
  const values: unknown[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      values.push(JSON.parse(line));
    } catch {
      // A run killed mid-write leaves a partial last line; the rest is still worth drawing.
    }
  }
  return values;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
