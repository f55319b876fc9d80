// Small helpers that collect problems instead of throwing at the first one.
import type { Issue } from '../errors/bench-error.ts';

export type Obj = Record<string, unknown>;

export class IssueList {
  readonly issues: Issue[] = [];
  readonly file: string | undefined;

  constructor(file?: string) {
    this.file = file;
  }

  add(path: string, message: string, hint: string): void {
    this.issues.push({ ...(this.file ? { file: this.file } : {}), path, message, hint });
  }
}

export const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

export const describe = (value: unknown): string =>
  value === undefined
    ? 'missing'
    : Array.isArray(value)
      ? 'an array'
      : value === null
        ? 'null'
        : `${typeof value} ${JSON.stringify(value)}`;

/** Flags fields that are not part of the schema, with a suggestion for near misses (typos). */
export function checkKnownKeys(list: IssueList, obj: Obj, path: string, known: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (known.includes(key)) continue;
    const near = known.find((k) => editDistance(k, key) <= 2);
    list.add(join(path, key), `unknown field "${key}"`, near ? `did you mean "${near}"?` : `remove it; known fields: ${known.join(', ')}`);
  }
}

export function checkInteger(list: IssueList, value: unknown, path: string, min: number, max: number, hint: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    list.add(path, `must be an integer from ${min} to ${max}, got ${describe(value)}`, hint);
  }
}

export function checkNumber(list: IssueList, value: unknown, path: string, min: number, max: number, hint: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    list.add(path, `must be a number from ${min} to ${max}, got ${describe(value)}`, hint);
  }
}

export function checkOneOf(list: IssueList, value: unknown, path: string, allowed: readonly string[]): void {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    list.add(
      path,
      `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${describe(value)}`,
      `set it to one of: ${allowed.join(', ')}`,
    );
  }
}

export const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const join = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const saved = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = saved;
    }
  }
  return row[b.length]!;
}
