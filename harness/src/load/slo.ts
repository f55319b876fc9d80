// Service-level objectives for the capacity search: `p99<100ms,errors<1%`. Pure: parse, then judge a step.
// Grammar: clause (',' clause)*; clause = metric ('<' | '<=') value
//   metric: p50 p75 p90 p95 p99 p99.9 p999 max  -> value: a duration (us, ms, s)
//   metric: errors                               -> value: a percentage (1%) or a fraction (0.01)
import { badInput, type Issue } from '../errors/bench-error.ts';

export interface LatencyObjective {
  /** 0..100 (100 for max). */
  percentile: number;
  label: string;
  limitMs: number;
  inclusive: boolean;
}

export interface Slo {
  text: string;
  latency: LatencyObjective[];
  /** Fraction 0..1 of requests that may fail; null when the SLO says nothing about errors. */
  errorRate: { limit: number; inclusive: boolean } | null;
}

export interface SloMeasurement {
  latencyMs(percentile: number): number;
  /** Failed (errors + dropped) / attempted, 0..1. */
  errorRate: number;
}

export interface SloVerdict {
  pass: boolean;
  /** One line per objective missed, e.g. "p99 142 ms >= 100 ms". */
  failures: string[];
}

const GRAMMAR_HINT =
  "Write objectives like 'p99<100ms,errors<1%': p50|p75|p90|p95|p99|p99.9|p999|max with < or <= and a duration (us, ms, s), and errors with a percentage or fraction.";
const CLAUSE = /^(p\d+(?:\.\d+)?|max|errors)\s*(<=|<)\s*(\S+)$/;
const DURATION = /^(\d+(?:\.\d+)?)(us|ms|s)$/;
const UNIT_MS: Readonly<Record<string, number>> = { us: 0.001, ms: 1, s: 1000 };

export function parseSlo(text: string, optionName = '--slo'): Slo {
  const issues: Issue[] = [];
  const slo: Slo = { text, latency: [], errorRate: null };
  const clauses = text.split(',').map((c) => c.trim());
  if (text.trim().length === 0) issues.push({ path: optionName, message: 'is empty', hint: GRAMMAR_HINT });
  else {
    clauses.forEach((clause, i) => {
      const problem = (message: string): void =>
        void issues.push({ path: `${optionName} clause ${i + 1} "${clause}"`, message, hint: GRAMMAR_HINT });
      const m = CLAUSE.exec(clause);
      if (!m) return problem('is not <metric><op><value>');
      const [, metric, op, value] = m as unknown as [string, string, string, string];
      const inclusive = op === '<=';
      if (metric === 'errors') {
        const limit = parseRate(value);
        if (limit === null) return problem(`"${value}" is not a percentage (1%) or a fraction between 0 and 1 (0.01)`);
        if (slo.errorRate) return problem('repeats errors');
        slo.errorRate = { limit, inclusive };
        return;
      }
      const percentile = metric === 'max' ? 100 : metric === 'p999' ? 99.9 : Number(metric.slice(1));
      if (!(percentile > 0 && percentile <= 100)) return problem(`${metric} is not a percentile between p0 and p100`);
      const d = DURATION.exec(value);
      if (!d) return problem(`"${value}" is not a duration with a unit (e.g. 100ms, 1.5s, 500us)`);
      const limitMs = Number(d[1]) * UNIT_MS[d[2]!]!;
      if (!(limitMs > 0)) return problem('the limit must be above 0');
      slo.latency.push({ percentile, label: metric, limitMs, inclusive });
    });
  }
  if (issues.length > 0) throw badInput(`invalid SLO "${text}"`, GRAMMAR_HINT, issues);
  return slo;
}

export function evaluateSlo(slo: Slo, measured: SloMeasurement): SloVerdict {
  const failures: string[] = [];
  for (const o of slo.latency) {
    const value = measured.latencyMs(o.percentile);
    const ok = o.inclusive ? value <= o.limitMs : value < o.limitMs;
    if (!ok) failures.push(`${o.label} ${fmt(value)} ms ${o.inclusive ? '>' : '>='} ${fmt(o.limitMs)} ms`);
  }
  if (slo.errorRate) {
    const { limit, inclusive } = slo.errorRate;
    const ok = inclusive ? measured.errorRate <= limit : measured.errorRate < limit;
    if (!ok) failures.push(`errors ${fmt(measured.errorRate * 100)}% ${inclusive ? '>' : '>='} ${fmt(limit * 100)}%`);
  }
  return { pass: failures.length === 0, failures };
}

function parseRate(value: string): number | null {
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(value);
  const n = pct ? Number(pct[1]) / 100 : /^\d+(?:\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  return Number.isFinite(n) && n >= 0 && n <= 1 ? n : null;
}

const fmt = (v: number): string => String(Math.round(v * 1000) / 1000);
