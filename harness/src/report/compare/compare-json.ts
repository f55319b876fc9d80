// The comparison as JSON, for scripts: the Comparison itself (values in their units, ratios as plain numbers).
import type { Comparison } from './compare.ts';

export function renderComparisonJson(comparison: Comparison): string {
  return `${JSON.stringify(comparison, null, 2)}\n`;
}
