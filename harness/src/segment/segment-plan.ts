// A segmented load plan as a file: everything a generator needs to run its segment on any host, and nothing that
// differs between hosts. Every generator of a run reads the same plan; its id (a hash of the content) ties the
// segment results back to it, so `bench merge` refuses results of different plans.
import { createHash } from 'node:crypto';
import type { RequestTemplate } from '../driver/driver.ts';
import { badInput, type Issue } from '../errors/bench-error.ts';
import { parseSequence, shareOf, stripe, type SegmentSequence, type Striping } from './execution-segment.ts';

export const PLAN_FORMAT = 'bench-segment-plan/1';
const METHODS: ReadonlyArray<RequestTemplate['method']> = ['GET', 'POST', 'PUT', 'DELETE'];

export interface SegmentPlan {
  format: typeof PLAN_FORMAT;
  /** Open model only, for now (closed loop and k6 are refused with --generators). */
  driver: 'open';
  url: string;
  method: RequestTemplate['method'];
  headers: Record<string, string>;
  body?: string;
  /** The whole plan's arrival rate; each segment sends its share of these arrivals. */
  ratePerSec: number;
  durationMs: number;
  timeoutMs: number;
  /** Per generator (each has its own waiting line). */
  maxQueue?: number;
  /** The whole plan's connections, split between segments with the same striping as the requests. */
  connections: number;
  /** k6's execution-segment sequence, e.g. "0,1/2,1". */
  sequence: string;
  allowRemote: boolean;
}

export interface PlanLayout {
  sequence: SegmentSequence;
  striping: Striping;
  /** Connections of each segment. */
  connections: number[];
}

export function layoutOf(plan: Pick<SegmentPlan, 'sequence' | 'connections'>): PlanLayout {
  const sequence = parseSequence(plan.sequence);
  const striping = stripe(sequence);
  return { sequence, striping, connections: sequence.segments.map((_, i) => shareOf(striping, i, plan.connections)) };
}

/** Stable over key order and whitespace: the hash of the plan's fields in a fixed order. */
export function planId(plan: SegmentPlan): string {
  const canonical = JSON.stringify(plan, Object.keys(plan).sort());
  const headers = JSON.stringify(Object.entries(plan.headers).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(canonical).update(headers).digest('hex').slice(0, 16);
}

/** Checks a parsed plan file, every problem at once, naming the file and field (exit 2). */
export function validatePlan(raw: unknown, file: string): SegmentPlan {
  const issues: Issue[] = [];
  const issue = (path: string, message: string, hint: string): void => void issues.push({ file, path, message, hint });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw badInput(`${file} is not a segment plan`, 'Write one with `bench load <url> --rate R --generators N --save-plan plan.json`.');
  }
  const p = raw as Record<string, unknown>;
  if (p.format !== PLAN_FORMAT)
    issue('format', `is ${JSON.stringify(p.format)}, not "${PLAN_FORMAT}"`, 'Use a plan written by this version of bench (--save-plan).');
  if (p.driver !== 'open') issue('driver', `is ${JSON.stringify(p.driver)}`, 'Segmented plans use the open model: "open".');
  if (typeof p.url !== 'string' || !/^https?:\/\//.test(p.url))
    issue('url', 'is not an http(s) URL', 'e.g. "http://127.0.0.1:8080/tasks/{key}".');
  if (!METHODS.includes(p.method as RequestTemplate['method']))
    issue('method', `${JSON.stringify(p.method)} is not supported`, `Use one of ${METHODS.join(', ')}.`);
  const headers = p.headers ?? {};
  if (typeof headers !== 'object' || headers === null || Object.values(headers).some((v) => typeof v !== 'string')) {
    issue('headers', 'is not an object of strings', 'e.g. {"Content-Type": "application/json"}.');
  }
  if (p.body !== undefined && typeof p.body !== 'string') issue('body', 'is not a string', 'Give the body as text, or leave it out.');
  const positive = (field: string, max: number, int: boolean, hint: string): void => {
    const v = p[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > max || (int && !Number.isInteger(v))) {
      issue(field, `${JSON.stringify(v)} is not ${int ? 'a whole number' : 'a number'} above 0 and at most ${max}`, hint);
    }
  };
  positive('ratePerSec', 1_000_000, false, 'Requests per second of the whole plan, e.g. 5000.');
  positive('durationMs', 3_600_000, true, 'e.g. 30000 for 30 s.');
  positive('timeoutMs', 60_000, true, 'e.g. 10000.');
  positive('connections', 100_000, true, "The whole plan's connections, e.g. 64.");
  if (p.maxQueue !== undefined && !(typeof p.maxQueue === 'number' && Number.isInteger(p.maxQueue) && p.maxQueue >= 0)) {
    issue('maxQueue', 'is not a whole number >= 0', 'Leave it out for the default (bounded by memory).');
  }
  if (typeof p.allowRemote !== 'boolean')
    issue('allowRemote', 'is not true or false', 'false unless the target is yours and not on loopback.');
  if (typeof p.sequence !== 'string') issue('sequence', 'is not a segment sequence', 'e.g. "0,1/2,1" for two equal generators.');
  else {
    try {
      const layout = layoutOf({ sequence: p.sequence, connections: typeof p.connections === 'number' ? p.connections : 1 });
      const empty = layout.connections.findIndex((c) => c < 1);
      if (typeof p.connections === 'number' && empty >= 0) {
        issue(
          'connections',
          `${p.connections} leaves segment ${empty + 1} of ${layout.connections.length} without a connection`,
          `Use at least ${minConnections(layout)} connections, or fewer segments.`,
        );
      }
    } catch (error) {
      issue('sequence', (error as Error).message, 'Points from 0 to 1, increasing, e.g. "0,1/3,1".');
    }
  }
  if (issues.length > 0) {
    const first = issues[0]!;
    throw badInput(
      issues.length === 1 ? `${file}: ${first.path} ${first.message}` : `${issues.length} problems in ${file}`,
      issues.length === 1 ? first.hint : undefined,
      issues.length === 1 ? undefined : issues,
    );
  }
  return p as unknown as SegmentPlan;
}

/** The fewest connections that give every segment at least one. */
export function minConnections(layout: Pick<PlanLayout, 'striping'>): number {
  const firsts = layout.striping.residues.map((r) => r[0]!);
  return Math.max(...firsts) + 1;
}
