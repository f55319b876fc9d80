// The recorder's adapter over hdr-histogram-js: the only place in bench that imports it, so the rest of the
// harness sees plain numbers and strings. Values are recorded in microseconds and reported in milliseconds.
//
// Everything here is pure JavaScript: the compressed encoding uses pako (bundled by hdr-histogram-js), so no
// `initWebAssembly()` and no async init is needed. We never ask for the WebAssembly implementation.
import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64, type Histogram } from 'hdr-histogram-js';
import { BenchError } from '../errors/bench-error.ts';
import type { LatencySummaryMs } from '../results/run-result.ts';

export const LOWEST_DISCERNIBLE_US = 1;
/** 60 s: anything slower is clamped to this value (a request that slow is a timeout in every driver we use). */
export const HIGHEST_TRACKABLE_US = 60_000_000;
export const DEFAULT_SIGNIFICANT_DIGITS = 3;

const US_PER_MS = 1000;
/** `.hgrm` convention: 5 percentile ticks per half distance, like HdrHistogram's own tools. */
const HGRM_TICKS_PER_HALF_DISTANCE = 5;

export interface LatencyHistogramOptions {
  /** 3 by default (0.1% value precision). The per-second timeline uses 2 to keep memory small on long runs. */
  significantDigits?: 1 | 2 | 3 | 4 | 5;
}

export class LatencyHistogram {
  #histogram: Histogram;
  #clampedCount = 0;
  #invalidCount = 0;

  constructor(options: LatencyHistogramOptions = {}) {
    this.#histogram = build({
      bitBucketSize: 32,
      autoResize: false,
      lowestDiscernibleValue: LOWEST_DISCERNIBLE_US,
      highestTrackableValue: HIGHEST_TRACKABLE_US,
      numberOfSignificantValueDigits: options.significantDigits ?? DEFAULT_SIGNIFICANT_DIGITS,
      useWebAssembly: false,
    });
  }

  /** Decodes what `encode()` produced (or any HdrHistogram V2 compressed base64 string). */
  static decode(encoded: string): LatencyHistogram {
    let histogram: Histogram;
    try {
      histogram = decodeFromCompressedBase64(encoded, 32, false);
    } catch (cause) {
      throw new BenchError('bad-input', 'not a valid HdrHistogram encoding (compressed base64, V2)', {
        hint: 'The histogram field of run.json must be the string bench wrote; re-run the experiment if it was edited.',
        cause,
      });
    }
    histogram.autoResize = false;
    const result = new LatencyHistogram();
    result.#histogram = histogram;
    return result;
  }

  /** Recorded values, including the ones backfilled by coordinated-omission correction. */
  get count(): number {
    return this.#histogram.totalCount;
  }

  /** Values above 60 s that were recorded as 60 s. */
  get clampedCount(): number {
    return this.#clampedCount;
  }

  /** NaN values that were dropped (a driver bug, but a load run should not die of it). */
  get invalidCount(): number {
    return this.#invalidCount;
  }

  recordUs(valueUs: number): void {
    const value = this.#sanitize(valueUs);
    if (value !== null) this.#histogram.recordValue(value);
  }

  /**
   * Records `valueUs` and, when it is longer than `expectedIntervalUs`, backfills the samples a closed-loop client
   * could not send while it waited: valueUs - interval, valueUs - 2*interval, ... down to the interval
   * (HdrHistogram's recordValueWithExpectedInterval). An interval <= 0 records without correction.
   */
  recordUsCorrected(valueUs: number, expectedIntervalUs: number): void {
    const value = this.#sanitize(valueUs);
    if (value === null) return;
    const intervalUs = Number.isFinite(expectedIntervalUs) ? Math.round(expectedIntervalUs) : 0;
    if (intervalUs <= 0) {
      this.#histogram.recordValue(value);
      return;
    }
    this.#histogram.recordValueWithExpectedInterval(value, intervalUs);
  }

  /** Value at `percentile` (0..100) in ms; the highest value equivalent to the recorded one, as in `.hgrm` files. */
  percentileMs(percentile: number): number {
    return toMs(this.#histogram.getValueAtPercentile(percentile));
  }

  /** The value of the `rank`-th smallest recorded value (1-based) in ms; what order-statistic intervals read. */
  valueAtRankMs(rank: number): number {
    const count = this.count;
    if (count === 0) return 0;
    const bounded = Math.min(count, Math.max(1, Math.round(rank)));
    return this.percentileMs((100 * bounded) / count);
  }

  /**
   * p50/p90/p99/p99.9/max in ms, rounded to 3 decimals (1 us). Every figure, max included, is read from the
   * histogram (highest equivalent value of its bucket), so a summary computed after encode/decode is identical and
   * matches the `.hgrm` text. An empty histogram gives zeros.
   */
  summaryMs(): LatencySummaryMs {
    return {
      p50: this.percentileMs(50),
      p90: this.percentileMs(90),
      p99: this.percentileMs(99),
      p999: this.percentileMs(99.9),
      max: this.count === 0 ? 0 : this.percentileMs(100),
    };
  }

  /** HdrHistogram's `.hgrm` percentile distribution, values in milliseconds. */
  percentileDistributionText(): string {
    return this.#histogram.outputPercentileDistribution(HGRM_TICKS_PER_HALF_DISTANCE, US_PER_MS);
  }

  /** HdrHistogram's compressed base64 (V2) encoding, readable by every HdrHistogram implementation. */
  encode(): string {
    return encodeIntoCompressedBase64(this.#histogram);
  }

  add(other: LatencyHistogram): void {
    // Both sides share the same 60 s ceiling unless one was decoded from a foreign encoding; clamp-by-rebuild would
    // be lossy, so a histogram that does not fit is a programming error worth surfacing.
    this.#histogram.add(other.#histogram);
    this.#clampedCount += other.#clampedCount;
    this.#invalidCount += other.#invalidCount;
  }

  reset(): void {
    this.#histogram.reset();
    this.#clampedCount = 0;
    this.#invalidCount = 0;
  }

  #sanitize(valueUs: number): number | null {
    if (Number.isNaN(valueUs)) {
      this.#invalidCount++;
      return null;
    }
    if (valueUs > HIGHEST_TRACKABLE_US) {
      this.#clampedCount++;
      return HIGHEST_TRACKABLE_US;
    }
    // Negative durations come from clock steps; 0 is the honest floor.
    return valueUs <= 0 ? 0 : Math.round(valueUs);
  }
}

/** Decodes what `LatencyHistogram.encode()` produced; throws BenchError 'bad-input' on anything else. */
export function decodeHistogram(encoded: string): LatencyHistogram {
  return LatencyHistogram.decode(encoded);
}

function toMs(valueUs: number): number {
  // Integer microseconds, so 3 decimals in ms are exact; the rounding only removes float noise.
  return Math.round(valueUs) / US_PER_MS;
}
