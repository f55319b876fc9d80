// dependencies.jsonl parsed back for the HTML report. Read generically, as sections (containers, postgres, haproxy,
// redis, broker, ...) of instances of numeric figures: the sampler gains sections and figures over time, and a
// report must still draw an older run's file (or a newer one's) without knowing every field.
import { isRecord, jsonLines } from './timeline-rows.ts';

export const DEPENDENCIES_FILE_NAME = 'dependencies.jsonl';

/** One instance's figures in one second (a container's cpuCores, a server's statementsPerSec, ...). */
export type InstanceFigures = Record<string, number>;

/** One line of dependencies.jsonl: a variant's second of dependency figures. */
export interface DependencyLine {
  variant: string;
  /** With repeats: the repeat this second belongs to (1-based). */
  repeat?: number;
  /** End of the second the line covers, ms since the variant's load started. */
  tMs: number;
  /** section -> instance (container role, server role or name, stream) -> figure -> value. */
  sections: Record<string, Record<string, InstanceFigures>>;
}

const ROW_KEYS = new Set(['variant', 'repeat', 'tMs']);

/**
 * One line's value as a dependency line, or null when it is none (no variant or tMs). Within it, whatever is not
 * a record of records of finite numbers is left out, not fatal: a section or figure this report cannot read is
 * one it would not draw anyway.
 */
export function dependencyLine(value: unknown): DependencyLine | null {
  if (!isRecord(value)) return null;
  const { variant, repeat, tMs } = value;
  if (typeof variant !== 'string' || typeof tMs !== 'number' || !Number.isFinite(tMs)) return null;
  const sections: DependencyLine['sections'] = {};
  for (const [section, instances] of Object.entries(value)) {
    if (ROW_KEYS.has(section) || !isRecord(instances)) continue;
    const out: Record<string, InstanceFigures> = {};
    for (const [instance, figures] of Object.entries(instances)) {
      if (!isRecord(figures)) continue;
      const numbers: InstanceFigures = {};
      for (const [figure, v] of Object.entries(figures)) if (typeof v === 'number' && Number.isFinite(v)) numbers[figure] = v;
      out[instance] = numbers;
    }
    sections[section] = out;
  }
  return { variant, ...(typeof repeat === 'number' ? { repeat } : {}), tMs, sections };
}

/** Parses dependencies.jsonl; as with timeline.jsonl, lines that are not rows (a truncated last line) are skipped. */
export function parseDependenciesJsonl(text: string): DependencyLine[] {
  return jsonLines(text).flatMap((value) => dependencyLine(value) ?? []);
}
