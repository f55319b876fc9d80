// What one generator hands back: its segment's counters and its latency histogram in HdrHistogram's compressed
// base64 encoding (the same one run.json uses), so the merge adds histograms and never averages percentiles.
import type { ErrorCounts } from '../results/run-result.ts';
import { badInput, type Issue } from '../errors/bench-error.ts';
import { LatencyHistogram } from '../recorder/latency-histogram.ts';
import { validatePlan, type SegmentPlan } from './segment-plan.ts';

export const RESULT_FORMAT = 'bench-segment-result/1';

export interface SegmentResult {
  format: typeof RESULT_FORMAT;
  planId: string;
  /** The plan itself, so that results alone can be merged and checked against each other. */
  plan: SegmentPlan;
  /** Position in plan.sequence (0-based) and the segment as text, e.g. "1/2:1". */
  index: number;
  segment: string;
  /** The common start, ms since the epoch, that this generator mapped onto its own monotonic clock. */
  startAtEpochMs: number;
  host: string;
  connections: number;
  /** Requests the segment's schedule held. */
  scheduled: number;
  /** As in `bench load`: answered or failed; dropped are not in it. */
  requests: number;
  dropped: number;
  errors: ErrorCounts;
  /** Sent or queued but not finished when the generator stopped (interrupted runs). */
  unfinished: number;
  /** Over every request; HdrHistogram V2 compressed base64, microseconds. */
  histogram: string;
  generator: { saturated: boolean; seconds: number; saturatedSeconds: number; reasons: string[] };
  interrupted: boolean;
}

/** Checks a parsed result file (exit 2 naming the file and field). */
export function validateResult(raw: unknown, file: string): SegmentResult {
  const issues: Issue[] = [];
  const issue = (path: string, message: string, hint: string): void => void issues.push({ file, path, message, hint });
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  if (r.format !== RESULT_FORMAT) {
    throw badInput(
      `${file} is not a segment result (format ${JSON.stringify(r.format)})`,
      'Give the files or directories `bench segment --out` wrote.',
    );
  }
  validatePlan(r.plan, `${file} (plan)`);
  for (const field of ['index', 'startAtEpochMs', 'connections', 'scheduled', 'requests', 'dropped', 'unfinished'] as const) {
    const v = r[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      issue(field, `${JSON.stringify(v)} is not a number >= 0`, 'Re-run the segment: the file was edited or truncated.');
  }
  if (typeof r.planId !== 'string' || typeof r.segment !== 'string')
    issue('planId', 'planId and segment must be strings', 'Re-run the segment.');
  if (typeof r.errors !== 'object' || r.errors === null || Object.values(r.errors).some((n) => typeof n !== 'number'))
    issue('errors', 'is not an object of counts', 'Re-run the segment.');
  if (typeof r.histogram !== 'string') issue('histogram', 'is missing', 'Re-run the segment.');
  else {
    try {
      LatencyHistogram.decode(r.histogram);
    } catch {
      issue('histogram', 'is not an HdrHistogram encoding', 'Re-run the segment: the file was edited or truncated.');
    }
  }
  const g = r.generator as Record<string, unknown> | undefined;
  if (typeof g !== 'object' || g === null || typeof g.saturated !== 'boolean' || !Array.isArray(g.reasons))
    issue('generator', 'is not a generator verdict', 'Re-run the segment.');
  if (issues.length > 0) throw badInput(`${issues.length} problem(s) in ${file}`, undefined, issues);
  return r as unknown as SegmentResult;
}
