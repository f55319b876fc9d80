// What a parsed threshold is (parse.ts turns the text into these; validate.ts and evaluate.ts use them as is).
import type { MetricName } from './metrics.ts';

export const OPERATORS = ['<', '<=', '>', '>=', '==', '!='] as const;
export type Operator = (typeof OPERATORS)[number];

/** An address segment that matches every variant or every phase (on a reference: the left side's own). */
export const WILDCARD = '*';

/** The word after a relative threshold that asks for a significance test over the repeats. */
export const SIGNIFICANT = 'significant';

interface ThresholdBase {
  /** As written (trimmed), e.g. `flush.p99 < 500ms`. */
  expression: string;
  /** A variant name, or `*` (also when the expression names no variant). */
  variant: string;
  /** A phase name, or `*`. */
  phase: string;
  metric: MetricName;
  operator: Operator;
}

/** `flush.p99 < 500ms`: a figure against a constant. */
export interface AbsoluteThreshold extends ThresholdBase {
  kind: 'absolute';
  /** In the metric's unit: ms for latency, a 0..1 fraction for ratios, a plain number otherwise. */
  value: number;
}

/** `coalescing.flush.p99 < 0.5 * none.flush.p99 [significant]`: a figure against factor × another figure. */
export interface RelativeThreshold extends ThresholdBase {
  kind: 'relative';
  /** 1 when none was written. */
  factor: number;
  reference: ThresholdReference;
  /** Also require a one-sided Mann-Whitney U test over the repeats to give p < 0.05. */
  significant: boolean;
}

/** The figure on the right of a relative threshold. `*` (or an omitted variant): the left side's own. */
export interface ThresholdReference {
  variant: string;
  phase: string;
  metric: MetricName;
}

export type ParsedThreshold = AbsoluteThreshold | RelativeThreshold;

export interface ThresholdProblem {
  message: string;
  /** How to fix it. */
  hint: string;
}

export interface ThresholdAddress {
  variant: string;
  phase: string;
  /** False for `<phase>.<metric>`: lets validation spot a variant written where the phase goes. */
  variantGiven: boolean;
}

/** A reference's address, with what validation needs to word its hints. */
export interface ReferenceAddress extends ThresholdAddress {
  /** As written, e.g. `none.flush.p99`. */
  text: string;
  /** The reference's metric as written (for hints). */
  metricText: string;
}

export type ParseOutcome =
  /** `reference`: a relative threshold's reference as written, for validation's hints. */
  | { ok: true; threshold: ParsedThreshold; reference?: ReferenceAddress }
  /** `address` (and `reference`) are set when they parsed, so their names can still be checked. */
  | { ok: false; problems: ThresholdProblem[]; address?: ThresholdAddress; reference?: ReferenceAddress };
