// Number formatting shared by every text reporter, so the console and Markdown tables say the same thing.
import { ERROR_CLASSES, type ErrorCounts, type FailureClass } from '../results/run-result.ts';

/** What a report shows for a figure that was not measured (null). */
export const MISSING = '—';

/** About 3 significant digits: 0.412, 4.12, 41.2, 412, 4120. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return MISSING;
  if (ms === 0) return '0';
  if (ms < 1) return ms.toFixed(3);
  if (ms < 10) return ms.toFixed(2);
  if (ms < 100) return ms.toFixed(1);
  return Math.round(ms).toString();
}

/** Whole numbers, with one decimal below 10 so a trickle of requests does not read as 0 or 1. */
export function formatRate(perSec: number | null | undefined): string {
  if (perSec === null || perSec === undefined || !Number.isFinite(perSec)) return MISSING;
  if (perSec === 0) return '0';
  return perSec < 10 ? perSec.toFixed(1) : Math.round(perSec).toString();
}

/** A ratio (0..1) as a percentage without the sign: 0, <0.01, 0.25, 12.5, 100.0. */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return MISSING;
  const percent = ratio * 100;
  if (percent === 0) return '0';
  if (percent < 0.01) return '<0.01';
  return percent < 10 ? percent.toFixed(2) : percent.toFixed(1);
}

export function formatCount(count: number | null | undefined): string {
  if (count === null || count === undefined || !Number.isFinite(count)) return MISSING;
  return Math.round(count).toString();
}

/** Seconds with at most one decimal: 30, 12.5. */
export function formatSeconds(ms: number): string {
  const seconds = Math.round(ms / 100) / 10;
  return Number.isInteger(seconds) ? seconds.toString() : seconds.toFixed(1);
}

// Display order: what the service said first, then what the network did, then what the generator never sent.
const ERROR_LABELS: Readonly<Record<FailureClass, string>> = {
  http5xx: '5xx',
  http4xx: '4xx',
  connrefused: 'refused',
  reset: 'reset',
  timeout: 'timeout',
  other: 'other',
  dropped: 'dropped',
};

const DISPLAY_ORDER = Object.keys(ERROR_LABELS) as FailureClass[];

/** `5xx:3 reset:1`; `-` when there were none. Unknown classes (a newer run.json) are shown after the known ones. */
export function formatErrors(errors: ErrorCounts): string {
  const unknown = Object.keys(errors).filter((c) => !(ERROR_CLASSES as readonly string[]).includes(c)) as FailureClass[];
  const parts = [...DISPLAY_ORDER, ...unknown].filter((c) => (errors[c] ?? 0) > 0).map((c) => `${ERROR_LABELS[c] ?? c}:${errors[c]}`);
  return parts.length > 0 ? parts.join(' ') : '-';
}

/**
 * What to say beside the percentiles of a phase (or a `bench load` run) that dropped requests: they were never
 * sent, have no latency and are left out of every percentile, and they are the slowest requests (a request is
 * dropped exactly when the line is full). `excludes 1,301 dropped requests, 6.5%` (of the requests due); null
 * when nothing was dropped. Every report that shows percentiles shows it with them.
 */
export function droppedNote(phase: DroppedCounts): string | null {
  const dropped = phase.dropped ?? 0;
  if (!(dropped > 0)) return null;
  return `excludes ${groupDigits(dropped)} dropped request${dropped === 1 ? '' : 's'}, ${formatShare(dropped / (phase.requests + dropped))}`;
}

/** `1,301 of 20,000 due, 6.5%` for warnings; null when nothing was dropped. */
export function droppedShare(phase: DroppedCounts): string | null {
  const dropped = phase.dropped ?? 0;
  if (!(dropped > 0)) return null;
  const due = phase.requests + dropped;
  return `${groupDigits(dropped)} of ${groupDigits(due)} due, ${formatShare(dropped / due)}`;
}

/** A phase's counts (PhaseResult and bench load's LoadSummary both fit): requests sent, requests dropped. */
export interface DroppedCounts {
  requests: number;
  dropped?: number | undefined;
}

/** 6.5%, 0.13%, <0.01%, 100% (only when it is all): about two significant digits are enough for a share of drops. */
function formatShare(ratio: number): string {
  const percent = ratio * 100;
  if (ratio >= 1) return '100%';
  if (percent < 0.01) return '<0.01%';
  if (percent >= 10) return `${Math.min(99, Math.round(percent))}%`;
  return `${percent >= 1 ? percent.toFixed(1) : percent.toFixed(2)}%`;
}

/** 1301 -> 1,301 (counts in sentences; tables keep formatCount's bare digits). */
function groupDigits(count: number): string {
  return Math.round(count)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A wall-clock span for titles: 45.2s, 2m 05s, 1h 02m. */
export function formatSpan(startIso: string, endIso: string): string {
  const ms = Date.parse(endIso) - Date.parse(startIso);
  if (!Number.isFinite(ms) || ms < 0) return MISSING;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const totalSeconds = Math.round(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours}h ${pad2(minutes)}m`;
  return `${minutes}m ${pad2(seconds)}s`;
}

/** `2026-11-23 08:37:36 UTC`, or the input unchanged when it is not a date. */
export function formatUtc(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function formatBytes(bytes: number): string {
  const gib = bytes / 1024 ** 3;
  return gib >= 1 ? `${gib.toFixed(1)} GiB` : `${Math.round(bytes / 1024 ** 2)} MiB`;
}

/** `a=1, b=two` for topology and load parameters; nested values as compact JSON. */
export function formatParameters(parameters: Record<string, unknown>): string {
  return Object.entries(parameters)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}

function pad2(n: number): string {
  return n.toString().padStart(2, '0');
}
