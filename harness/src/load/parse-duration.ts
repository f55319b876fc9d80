// Durations as people type them: 500ms, 10s, 1.5s, 1m, 1m30s, 2h. A bare number is refused: seconds or
// milliseconds would be a guess.
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;

/** Milliseconds, or null when `text` is not a duration. */
export function parseDurationMs(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed.length === 0) return null;
  let total = 0;
  PART.lastIndex = 0;
  let at = 0;
  while (at < trimmed.length) {
    PART.lastIndex = at;
    const match = PART.exec(trimmed);
    if (!match) return null;
    total += Number(match[1]) * UNIT_MS[match[2]!]!;
    at = PART.lastIndex;
  }
  return Number.isFinite(total) ? total : null;
}
