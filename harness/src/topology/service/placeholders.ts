// `{postgres.url}`-style placeholders in a service's environment, filled from what the topology started.
// Pure: the names a topology offers are data (bindings), so validation can check them before anything starts.

/** What one service replica may name: `port`, `host`, `instance`, `postgres.url`, `redis.url`, ... */
export type Bindings = Readonly<Record<string, string>>;

/** `{name}` or `{name.field}`: lowercase words with dashes and digits. Other braces (JSON, shell) stay literal. */
const PLACEHOLDER = /\{([a-z][a-z0-9-]*(?:\.[a-z][a-z0-9-]*)?)\}/g;

export interface Unfilled {
  variable: string;
  placeholder: string;
}

/** Every placeholder in the values that the bindings cannot fill, by variable. */
export function unfilledPlaceholders(env: Readonly<Record<string, string>>, names: ReadonlySet<string>): Unfilled[] {
  const out: Unfilled[] = [];
  for (const [variable, value] of Object.entries(env)) {
    for (const match of value.matchAll(PLACEHOLDER)) if (!names.has(match[1]!)) out.push({ variable, placeholder: match[1]! });
  }
  return out;
}

/** The values with every placeholder filled; call unfilledPlaceholders first (an unknown one is left as it is). */
export function fillPlaceholders(env: Readonly<Record<string, string>>, bindings: Bindings): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [variable, value] of Object.entries(env)) {
    out[variable] = value.replace(PLACEHOLDER, (whole, name: string) => bindings[name] ?? whole);
  }
  return out;
}

/** One line per placeholder for error hints: `{postgres.url}, {redis.url}, ...`. */
export const placeholderList = (names: Iterable<string>): string => [...names].map((n) => `{${n}}`).join(', ');
