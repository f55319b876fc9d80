// Within one run, how precisely the histogram pins each latency percentile: order-statistic bounds from its counts
// (a p99.9 from 500 requests is bounded above only by the maximum). Pure.
import type { FigureInterval } from '../results/run-result.ts';
import { percentileIntervalFromRanks } from '../stats/percentile-interval.ts';
import type { LatencyHistogram } from './latency-histogram.ts';

const PERCENTILES = { p50: 50, p90: 90, p99: 99, p999: 99.9 } as const;

export function histogramIntervals(histogram: LatencyHistogram): Record<string, FigureInterval> {
  const intervals: Record<string, FigureInterval> = {};
  for (const [metric, percentile] of Object.entries(PERCENTILES)) {
    const interval = percentileIntervalFromRanks(histogram.count, percentile, (rank) => histogram.valueAtRankMs(rank));
    if (interval) intervals[metric] = { lo: interval.lo, hi: interval.hi, level: interval.level, method: 'histogram', n: interval.n };
  }
  return intervals;
}
