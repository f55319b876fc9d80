export interface ConfigIssue {
  variable: string;
  message: string;
  fix: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

export interface DecimalRange {
  min: number;
  max: number;
  // Open interval ends, e.g. a ratio that must be strictly between 0 and 1.
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

// Reads environment variables and collects every problem (variable, what is wrong, how to fix it)
// instead of stopping at the first, so one restart fixes them all.
export class EnvReader {
  readonly issues: ConfigIssue[] = [];
  readonly #env: Env;

  constructor(env: Env) {
    this.#env = env;
  }

  /** The trimmed value, or undefined when unset or blank. */
  raw(variable: string): string | undefined {
    const value = this.#env[variable]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  issue(variable: string, message: string, fix: string): void {
    this.issues.push({ variable, message, fix });
  }

  /** An integer in [min, max]; required when `fallback` is undefined. */
  int(variable: string, fallback: number | undefined, min: number, max: number, example: string): number {
    const raw = this.raw(variable);
    if (raw === undefined) {
      if (fallback !== undefined) return fallback;
      this.issue(variable, 'is required', `set ${variable}=${example}`);
      return 0;
    }
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      this.issue(variable, `is ${JSON.stringify(raw)}, expected an integer from ${min} to ${max}`, `set ${variable}=${example}`);
      return fallback ?? 0;
    }
    return Number(raw);
  }

  /** Like int, but unset means "no limit" (undefined). */
  optionalInt(variable: string, min: number, max: number, example: string): number | undefined {
    if (this.raw(variable) === undefined) return undefined;
    return this.int(variable, min, min, max, example);
  }

  decimal(variable: string, fallback: number, range: DecimalRange, example: string): number {
    return this.optionalDecimal(variable, range, example) ?? fallback;
  }

  optionalDecimal(variable: string, range: DecimalRange, example: string): number | undefined {
    const raw = this.raw(variable);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    const tooLow = range.minExclusive === true ? value <= range.min : value < range.min;
    const tooHigh = range.maxExclusive === true ? value >= range.max : value > range.max;
    if (!/^\d+(\.\d+)?$/.test(raw) || tooLow || tooHigh) {
      const lower = range.minExclusive === true ? `above ${range.min}` : `from ${range.min}`;
      const upper = range.maxExclusive === true ? `below ${range.max}` : `to ${range.max}`;
      this.issue(variable, `is ${JSON.stringify(raw)}, expected a decimal number ${lower} ${upper}`, `set ${variable}=${example}`);
      return undefined;
    }
    return value;
  }

  url(variable: string, protocols: readonly string[], example: string): string | undefined {
    const raw = this.raw(variable);
    if (raw === undefined) return undefined;
    return this.#checkUrl(variable, raw, protocols, example) ? raw : undefined;
  }

  /** Comma-separated URLs; empty items are ignored, duplicates reported. */
  urlList(variable: string, protocols: readonly string[], example: string): string[] {
    const raw = this.raw(variable);
    if (raw === undefined) return [];
    const items = raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const ok = items.filter((item) => this.#checkUrl(variable, item, protocols, example));
    const duplicate = ok.find((item, i) => ok.indexOf(item) !== i);
    if (duplicate !== undefined) {
      this.issue(variable, `lists ${JSON.stringify(duplicate)} twice`, `list each database once in ${variable}`);
    }
    return ok;
  }

  oneOf<T extends string>(variable: string, choices: readonly T[], fallback: T, fix?: string): T {
    const raw = this.raw(variable);
    if (raw === undefined) return fallback;
    const known = choices.find((c) => c === raw);
    if (known !== undefined) return known;
    this.issue(variable, `is ${JSON.stringify(raw)}, expected one of ${choices.join(', ')}`, fix ?? `set ${variable}=${fallback}`);
    return fallback;
  }

  #checkUrl(variable: string, value: string, protocols: readonly string[], example: string): boolean {
    let parsed: URL | undefined;
    try {
      parsed = new URL(value);
    } catch {
      parsed = undefined;
    }
    if (parsed !== undefined && protocols.includes(parsed.protocol)) return true;
    this.issue(
      variable,
      `is ${JSON.stringify(value)}, expected a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
      `set ${variable}=${example}`,
    );
    return false;
  }
}
