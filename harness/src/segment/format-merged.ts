// The merged figures, as `bench load` prints one generator's, plus a line per generator; and the one JSON object.
import { formatLoadSummary } from '../load/load-summary.ts';
import type { MergedLoad } from './merge-segments.ts';

export function formatMerged(m: MergedLoad): string {
  const lines = [
    formatLoadSummary(m.summary),
    `  generators ${m.generators.length}, plan ${m.planId}: histograms added, percentiles read from the sum`,
  ];
  for (const g of m.generators) {
    lines.push(
      `    ${g.segment.padEnd(9)} ${g.host}: ${g.connections} connections, ${g.requests}/${g.scheduled} requests, dropped ${g.dropped}` +
        `${g.saturated ? ', SATURATED' : ''}${g.interrupted ? ', interrupted' : ''}`,
    );
  }
  if (m.requestsShort > 0)
    lines.push(
      `  missing    ${m.requestsShort} of ${m.scheduled} scheduled requests neither answered, failed nor dropped (unfinished when a generator stopped)`,
    );
  return lines.join('\n');
}

export function mergedJson(m: MergedLoad): Record<string, unknown> {
  return { ...m.summary, scheduled: m.scheduled, planId: m.planId, generators: m.generators, histogram: m.histogram.encode() };
}
