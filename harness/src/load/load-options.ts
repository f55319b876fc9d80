// `bench load` options as commander hands them over (strings), checked all at once: every problem is reported
// with the option it is about and how to fix it (exit 2), not just the first.
import { isClosedLoop, type RequestTemplate } from '../driver/driver.ts';
import { badInput, type Issue } from '../errors/bench-error.ts';
import { equalSequence, formatSequence, parseSequence, type SegmentSequence } from '../segment/execution-segment.ts';
import { layoutOf, minConnections } from '../segment/segment-plan.ts';
import { parseDurationMs } from './parse-duration.ts';
import { parseSlo, type Slo } from './slo.ts';

export type DriverName = 'open' | 'closed' | 'autocannon' | 'k6';
export const DRIVER_NAMES: readonly DriverName[] = ['open', 'closed', 'autocannon', 'k6'];
const METHODS: ReadonlyArray<RequestTemplate['method']> = ['GET', 'POST', 'PUT', 'DELETE'];

export interface RawLoadOptions {
  driver?: string;
  rate?: string;
  connections?: string;
  duration?: string;
  method?: string;
  header?: string[];
  body?: string;
  timeout?: string;
  maxQueue?: string;
  hgrm?: string;
  json?: boolean;
  allowRemote?: boolean;
  findCapacity?: boolean;
  slo?: string;
  startRate?: string;
  maxRate?: string;
  stepDuration?: string;
  maxSteps?: string;
  maxTime?: string;
  generators?: string;
  segments?: string;
  savePlan?: string;
}

export interface LoadOptions {
  url: string;
  driver: DriverName;
  ratePerSec?: number;
  connections: number;
  durationMs: number;
  method: RequestTemplate['method'];
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxQueue?: number;
  hgrmFile?: string;
  json: boolean;
  allowRemote: boolean;
  capacity?: {
    slo: Slo;
    startRatePerSec: number;
    maxRatePerSec: number;
    stepDurationMs: number;
    maxSteps: number;
    maxTotalMs: number;
  };
  /** --generators / --segments: one process per execution segment (segment/segmented-load.ts). */
  segmented?: {
    /** k6 sequence text, e.g. "0,1/2,1". */
    sequence: string;
    /** Write the plan here and send nothing (for generators on other hosts). */
    savePlanFile?: string;
  };
}

export const DEFAULTS = {
  connectionsOpen: 64,
  connectionsClosed: 50,
  durationMs: 10_000,
  timeoutMs: 10_000,
  startRatePerSec: 100,
  maxRatePerSec: 100_000,
  stepDurationMs: 5000,
  maxSteps: 14,
  maxTotalMs: 300_000,
} as const;
const MAX_RATE = 1_000_000;
const MAX_CONNECTIONS = 10_000;
const MAX_DURATION_MS = 3_600_000;

/** `otherIssues`: problems found with other flags (e.g. --generator-cpus), reported together with these. */
export function parseLoadOptions(url: string, raw: RawLoadOptions, otherIssues: readonly Issue[] = []): LoadOptions {
  const issues: Issue[] = [...otherIssues];
  const issue = (path: string, message: string, hint: string): void => void issues.push({ path, message, hint });

  let parsedUrl: URL | null = null;
  try {
    parsedUrl = new URL(url);
    if (parsedUrl.protocol !== 'http:' && parsedUrl.protocol !== 'https:') {
      issue('<url>', `"${url}" is not an http(s) URL`, 'Give a full URL, e.g. http://127.0.0.1:8080/health');
    }
  } catch {
    issue('<url>', `"${url}" is not a URL`, 'Give a full URL, e.g. http://127.0.0.1:8080/health');
  }

  const driver = (raw.driver ?? 'open') as DriverName;
  if (!DRIVER_NAMES.includes(driver)) issue('--driver', `"${raw.driver}" is not a driver`, 'Use --driver open, closed, autocannon or k6.');

  const number = (
    option: string,
    text: string | undefined,
    opts: { int?: boolean; min: number; max: number; hint: string },
  ): number | undefined => {
    if (text === undefined) return undefined;
    const n = Number(text);
    const ok = text.trim() !== '' && Number.isFinite(n) && n >= opts.min && n <= opts.max && (!opts.int || Number.isInteger(n));
    if (!ok) issue(option, `"${text}" is not ${opts.int ? 'a whole number' : 'a number'} between ${opts.min} and ${opts.max}`, opts.hint);
    return ok ? n : undefined;
  };
  const duration = (option: string, text: string | undefined, fallback: number, maxMs: number): number => {
    if (text === undefined) return fallback;
    const ms = parseDurationMs(text);
    if (ms === null || ms <= 0 || ms > maxMs) {
      issue(
        option,
        `"${text}" is not a duration above 0 and at most ${maxMs / 1000} s`,
        `Write it with a unit, e.g. ${option} 10s, 500ms or 1m.`,
      );
      return fallback;
    }
    return ms;
  };

  const ratePerSec = number('--rate', raw.rate, { min: 0.001, max: MAX_RATE, hint: 'Give requests per second, e.g. --rate 500.' });
  const connections =
    number('--connections', raw.connections, {
      int: true,
      min: 1,
      max: MAX_CONNECTIONS,
      hint: 'Give a whole number, e.g. --connections 64.',
    }) ?? (isClosedLoop(driver) ? DEFAULTS.connectionsClosed : DEFAULTS.connectionsOpen);
  const durationMs = duration('--duration', raw.duration, DEFAULTS.durationMs, MAX_DURATION_MS);
  const timeoutMs = duration('--timeout', raw.timeout, DEFAULTS.timeoutMs, 60_000);
  const maxQueue = number('--max-queue', raw.maxQueue, {
    int: true,
    min: 0,
    max: 10_000_000,
    hint: 'Give a whole number; 0 drops whenever every connection is busy (k6).',
  });
  if (driver === 'k6' && raw.maxQueue !== undefined) {
    issue(
      '--max-queue',
      'does not apply to k6: it has no waiting line',
      'Drop --max-queue: k6 drops an iteration whenever every VU is busy (like --max-queue 0 on the open driver).',
    );
  }

  const method = (raw.method ?? 'GET').toUpperCase() as RequestTemplate['method'];
  if (!METHODS.includes(method)) issue('--method', `"${raw.method}" is not supported`, `Use one of ${METHODS.join(', ')}.`);

  const headers: Record<string, string> = {};
  for (const header of raw.header ?? []) {
    const at = header.indexOf(':');
    const name = at > 0 ? header.slice(0, at).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      issue('--header', `"${header}" is not "Name: value"`, "Write each header as --header 'Content-Type: application/json'.");
      continue;
    }
    headers[name] = header.slice(at + 1).trim();
  }

  let capacity: LoadOptions['capacity'];
  if (raw.findCapacity) {
    let slo: Slo | undefined;
    if (raw.slo === undefined) issue('--slo', 'is required with --find-capacity', "Add e.g. --slo 'p99<100ms,errors<1%'.");
    else {
      try {
        slo = parseSlo(raw.slo);
      } catch (error) {
        issues.push(...((error as { issues?: Issue[] }).issues ?? []));
      }
    }
    if (driver !== 'open')
      issue(
        '--driver',
        `the capacity search needs the open model, not "${driver}"`,
        'Drop --driver or use --driver open: a closed loop cannot hold an arrival rate.',
      );
    if (raw.rate !== undefined) issue('--rate', 'is chosen by the capacity search', 'Use --start-rate and --max-rate to bound the search.');
    const startRatePerSec =
      number('--start-rate', raw.startRate, { min: 1, max: MAX_RATE, hint: 'e.g. --start-rate 100' }) ?? DEFAULTS.startRatePerSec;
    const maxRatePerSec =
      number('--max-rate', raw.maxRate, { min: 1, max: MAX_RATE, hint: 'e.g. --max-rate 20000' }) ?? DEFAULTS.maxRatePerSec;
    if (startRatePerSec > maxRatePerSec)
      issue('--start-rate', `${startRatePerSec} is above --max-rate ${maxRatePerSec}`, 'Start below the ceiling.');
    const stepDurationMs = duration('--step-duration', raw.stepDuration, DEFAULTS.stepDurationMs, 600_000);
    if (stepDurationMs < 2000)
      issue(
        '--step-duration',
        'is under 2 s: too short for a stable step',
        'Use at least --step-duration 2s (5s or more for trustworthy p99).',
      );
    const maxSteps = number('--max-steps', raw.maxSteps, { int: true, min: 1, max: 100, hint: 'e.g. --max-steps 14' }) ?? DEFAULTS.maxSteps;
    const maxTotalMs = duration('--max-time', raw.maxTime, DEFAULTS.maxTotalMs, MAX_DURATION_MS);
    if (slo) capacity = { slo, startRatePerSec, maxRatePerSec, stepDurationMs, maxSteps, maxTotalMs };
  } else {
    if (raw.slo !== undefined) issue('--slo', 'only applies to --find-capacity', 'Add --find-capacity, or drop --slo.');
    if ((driver === 'open' || driver === 'k6') && ratePerSec === undefined && raw.rate === undefined) {
      const model = driver === 'k6' ? 'the k6 driver (arrival-rate executors)' : 'the open model (requests leave on a schedule)';
      issue('--rate', `is required by ${model}`, 'Add e.g. --rate 500, or use --driver closed to go as fast as the server answers.');
    }
  }

  const segmented = parseSegmented(raw, driver, connections, issue);

  if (issues.length > 0) {
    const first = issues[0]!;
    throw badInput(
      issues.length === 1 ? `${first.path}: ${first.message}` : `${issues.length} problems with the options`,
      issues.length === 1 ? first.hint : undefined,
      issues.length === 1 ? undefined : issues,
    );
  }
  return {
    url: parsedUrl!.href,
    driver,
    ...(ratePerSec !== undefined ? { ratePerSec } : {}),
    connections,
    durationMs,
    method,
    headers,
    ...(raw.body !== undefined ? { body: raw.body } : {}),
    timeoutMs,
    ...(maxQueue !== undefined ? { maxQueue } : {}),
    ...(raw.hgrm !== undefined ? { hgrmFile: raw.hgrm } : {}),
    json: raw.json === true,
    allowRemote: raw.allowRemote === true,
    ...(capacity ? { capacity } : {}),
    ...(segmented ? { segmented } : {}),
  };
}

const MAX_GENERATORS = 64;

function parseSegmented(
  raw: RawLoadOptions,
  driver: DriverName,
  connections: number,
  issue: (path: string, message: string, hint: string) => void,
): LoadOptions['segmented'] {
  if (raw.generators === undefined && raw.segments === undefined) {
    if (raw.savePlan !== undefined)
      issue('--save-plan', 'needs --generators or --segments', 'Add e.g. --generators 2: the plan says how the load is split.');
    return undefined;
  }
  const option = raw.generators !== undefined ? '--generators' : '--segments';
  if (driver !== 'open') {
    issue(
      option,
      `the ${isClosedLoop(driver) ? 'closed loop' : 'k6 driver'} cannot be split into generators yet`,
      'Use the open model (--driver open, the default), or run one generator.',
    );
  }
  if (raw.findCapacity)
    issue(option, 'does not combine with --find-capacity yet', 'Search with one generator, then run the rate it found with --generators.');
  let sequence: SegmentSequence | undefined;
  if (raw.segments !== undefined) {
    try {
      sequence = parseSequence(raw.segments);
    } catch (error) {
      issue(
        '--segments',
        (error as Error).message,
        'Give k6 sequence points from 0 to 1, e.g. --segments 0,1/3,1 (one generator a third, one two thirds).',
      );
    }
  }
  if (raw.generators !== undefined) {
    const n = Number(raw.generators);
    if (!Number.isInteger(n) || n < 1 || n > MAX_GENERATORS)
      issue(
        '--generators',
        `"${raw.generators}" is not a whole number from 1 to ${MAX_GENERATORS}`,
        'e.g. --generators 2 (one process per core you can spare).',
      );
    else if (sequence && sequence.segments.length !== n)
      issue(
        '--generators',
        `is ${n}, but --segments has ${sequence.segments.length} segments`,
        'Drop one of them: --segments alone sets the number of generators.',
      );
    else sequence ??= equalSequence(n);
  }
  if (!sequence) return undefined;
  const text = formatSequence(sequence);
  let layout: ReturnType<typeof layoutOf>;
  try {
    layout = layoutOf({ sequence: text, connections });
  } catch (error) {
    issue(option, (error as Error).message, 'Use fractions with smaller denominators.');
    return undefined;
  }
  if (layout.connections.some((c) => c < 1)) {
    issue(
      '--connections',
      `${connections} leaves a generator without a connection`,
      `Use at least --connections ${minConnections(layout)} (they are split between the generators like the requests).`,
    );
  }
  return { sequence: text, ...(raw.savePlan !== undefined ? { savePlanFile: raw.savePlan } : {}) };
}
