// The Prometheus text exposition format (0.0.4), as far as reading counters and gauges needs: samples with
// their labels, and selectors (`name` or `name{label="value",...}`) that sum the samples they match. Pure.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Selector {
  name: string;
  /** Every one of these must match; other labels are summed over. */
  labels: Record<string, string>;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*(,|$)/y;

/** Samples in the order given; comments, blank lines and lines that do not parse are skipped. */
export function parsePrometheusText(text: string): Sample[] {
  const out: Sample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const sample = parseSampleLine(line);
    if (sample) out.push(sample);
  }
  return out;
}

function parseSampleLine(line: string): Sample | null {
  const brace = line.indexOf('{');
  const space = line.search(/\s/);
  if (brace !== -1 && (space === -1 || brace < space)) {
    const close = line.lastIndexOf('}');
    const labels = close > brace ? parseLabels(line.slice(brace + 1, close)) : null;
    const name = line.slice(0, brace);
    const value = parseValue(line.slice(close + 1));
    return labels && NAME.test(name) && value !== null ? { name, labels, value } : null;
  }
  if (space === -1) return null;
  const name = line.slice(0, space);
  const value = parseValue(line.slice(space));
  return NAME.test(name) && value !== null ? { name, labels: {}, value } : null;
}

/** The value, then an optional timestamp. NaN and the infinities are valid Prometheus values but not figures. */
function parseValue(rest: string): number | null {
  const [value] = rest.trim().split(/\s+/);
  if (value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function parseLabels(body: string): Record<string, string> | null {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  let at = 0;
  while (at < body.length) {
    LABEL.lastIndex = at;
    const m = LABEL.exec(body);
    if (!m) return body.slice(at).trim() === '' ? labels : null;
    labels[m[1]!] = m[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    at = LABEL.lastIndex;
  }
  return labels;
}

/** A selector from `name` or `name{label="value"}`; null when it is neither. */
export function parseSelector(text: string): Selector | null {
  const brace = text.indexOf('{');
  if (brace === -1) return NAME.test(text) ? { name: text, labels: {} } : null;
  if (!text.endsWith('}')) return null;
  const name = text.slice(0, brace);
  const labels = parseLabels(text.slice(brace + 1, -1));
  return NAME.test(name) && labels ? { name, labels } : null;
}

/** The sum of the samples the selector matches; undefined when none does (not measured, rather than 0). */
export function selectSum(samples: readonly Sample[], selector: Selector): number | undefined {
  let sum: number | undefined;
  for (const s of samples) {
    if (s.name !== selector.name) continue;
    if (Object.entries(selector.labels).some(([k, v]) => s.labels[k] !== v)) continue;
    sum = (sum ?? 0) + s.value;
  }
  return sum;
}
