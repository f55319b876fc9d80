// Outcomes travel from the load worker to the main thread (where the recorder lives) as a transferable
// Float64Array of fixed-size records, plus the rare error objects beside it: no per-sample object allocation
// and no copy across threads. A response with a Server-Timing header is a RESPONSE_TIMED record whose header
// string is the next one in `timings` (in record order), so responses without one cost nothing extra.
const RESPONSE = 0;
const ERROR = 1;
const DROPPED = 2;
const RESPONSE_TIMED = 3;
const FIELDS = 4; // kind, intendedAtMs, latencyUs (NaN: none), status or index into `errors`

/** Enough of an Error for classify.ts: codes, names and messages along the cause chain. */
export interface PlainError {
  name?: string;
  message?: string;
  code?: string;
  cause?: PlainError;
  errors?: PlainError[];
}

export interface SampleBatch {
  records: Float64Array;
  errors: PlainError[];
  /** Raw Server-Timing values of the batch's RESPONSE_TIMED records, in order. */
  timings: string[];
}

export interface BatchTarget {
  response(intendedAtMs: number, latencyUs: number, status: number, serverTiming?: string): void;
  error(intendedAtMs: number, latencyUs: number | undefined, error: unknown): void;
  dropped(intendedAtMs: number): void;
}

export class BatchWriter {
  readonly #capacity: number;
  #records: Float64Array;
  #length = 0;
  #errors: PlainError[] = [];
  #timings: string[] = [];

  constructor(capacityRecords = 8192) {
    this.#capacity = capacityRecords;
    this.#records = new Float64Array(capacityRecords * FIELDS);
  }

  get full(): boolean {
    return this.#length >= this.#capacity;
  }

  get size(): number {
    return this.#length;
  }

  response(intendedAtMs: number, latencyUs: number, status: number, serverTiming?: string): void {
    if (serverTiming === undefined) this.#push(RESPONSE, intendedAtMs, latencyUs, status);
    else {
      this.#timings.push(serverTiming);
      this.#push(RESPONSE_TIMED, intendedAtMs, latencyUs, status);
    }
  }

  error(intendedAtMs: number, latencyUs: number | undefined, error: unknown): void {
    this.#errors.push(toPlainError(error, 0));
    this.#push(ERROR, intendedAtMs, latencyUs ?? Number.NaN, this.#errors.length - 1);
  }

  dropped(intendedAtMs: number): void {
    this.#push(DROPPED, intendedAtMs, Number.NaN, 0);
  }

  /** Hands over what was written as a right-sized copy (its buffer can be transferred); the writer starts over. */
  take(): SampleBatch {
    const batch = { records: this.#records.slice(0, this.#length * FIELDS), errors: this.#errors, timings: this.#timings };
    this.#length = 0;
    this.#errors = [];
    this.#timings = [];
    return batch;
  }

  #push(kind: number, a: number, b: number, c: number): void {
    const at = this.#length * FIELDS;
    this.#records[at] = kind;
    this.#records[at + 1] = a;
    this.#records[at + 2] = b;
    this.#records[at + 3] = c;
    this.#length++;
  }
}

export function readBatch(batch: SampleBatch, target: BatchTarget): void {
  const { records, errors, timings } = batch;
  let timing = 0;
  for (let at = 0; at + FIELDS <= records.length; at += FIELDS) {
    const kind = records[at]!;
    const intendedAtMs = records[at + 1]!;
    const latencyUs = records[at + 2]!;
    if (kind === RESPONSE) target.response(intendedAtMs, latencyUs, records[at + 3]!);
    else if (kind === RESPONSE_TIMED) target.response(intendedAtMs, latencyUs, records[at + 3]!, timings[timing++]);
    else if (kind === ERROR) {
      target.error(intendedAtMs, Number.isNaN(latencyUs) ? undefined : latencyUs, errors[records[at + 3]!]);
    } else target.dropped(intendedAtMs);
  }
}

export function toPlainError(error: unknown, depth: number): PlainError {
  if (typeof error !== 'object' || error === null) return { message: String(error) };
  const e = error as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown; errors?: unknown };
  const plain: PlainError = {};
  if (typeof e.name === 'string') plain.name = e.name;
  if (typeof e.message === 'string') plain.message = e.message;
  if (typeof e.code === 'string') plain.code = e.code;
  if (depth < 4 && e.cause !== undefined && e.cause !== error) plain.cause = toPlainError(e.cause, depth + 1);
  if (depth < 4 && Array.isArray(e.errors)) plain.errors = e.errors.map((inner) => toPlainError(inner, depth + 1));
  return plain;
}
