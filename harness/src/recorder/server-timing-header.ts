// Parses a W3C `Server-Timing` header value (https://www.w3.org/TR/server-timing/):
//   Server-Timing = #metric        metric = name *( OWS ";" OWS param )        param = pname [ OWS "=" OWS value ]
//   name, pname = token            value = token / quoted-string
// e.g. `cache;dur=0.4, db;dur=12.3;desc="primary, slow"`.
//
// Decisions (the recorder relies on them):
// - Only entries with a finite, non-negative `dur` (ms) are reported: a metric without one is a flag (`miss`,
//   `cdn;desc=HIT`), not time, and counting it as 0 ms would add zeros to its component's histogram.
// - An entry's first `dur` counts; later ones are ignored (the W3C processing model does the same).
// - Repeated names are reported as they come; the recorder sums them per response (two db calls: their sum).
// - Names are kept as sent (case-sensitive); the param name `dur` is matched case-insensitively.
// - A malformed entry is skipped up to the next comma outside a quoted string; an unterminated quoted string ends
//   the value. Never throws.
// Cost: one scan; the only allocations are each reported entry's name and its dur text.

/** Called once per reported entry, in header order. */
export type ServerTimingVisitor = (name: string, durMs: number) => void;

// A plain decimal, as the W3C examples use: no sign, no hex, no Infinity spelled out.
const DECIMAL = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Visits each entry that has a usable duration; returns how many it visited. */
export function forEachServerTiming(value: string, visit: ServerTimingVisitor): number {
  const length = value.length;
  let visited = 0;
  let i = 0;
  while (i < length) {
    // Empty list elements (`a;dur=1,,b;dur=2`) are allowed by the `#` rule.
    while (i < length && (isSpace(value.charCodeAt(i)) || value.charCodeAt(i) === COMMA)) i++;
    if (i >= length) break;
    const nameStart = i;
    while (i < length && isTokenChar(value.charCodeAt(i))) i++;
    if (i === nameStart) {
      i = skipEntry(value, i);
      continue;
    }
    const nameEnd = i;
    let durMs = Number.NaN;
    let durSeen = false;
    let wellFormed = true;
    for (;;) {
      while (i < length && isSpace(value.charCodeAt(i))) i++;
      if (i >= length || value.charCodeAt(i) === COMMA) break;
      if (value.charCodeAt(i) !== SEMICOLON) {
        wellFormed = false;
        break;
      }
      i++;
      while (i < length && isSpace(value.charCodeAt(i))) i++;
      const paramStart = i;
      while (i < length && isTokenChar(value.charCodeAt(i))) i++;
      if (i === paramStart) {
        wellFormed = false;
        break;
      }
      const isDur = i - paramStart === 3 && isDurName(value, paramStart);
      while (i < length && isSpace(value.charCodeAt(i))) i++;
      if (i >= length || value.charCodeAt(i) !== EQUALS) {
        // A param without a value (`;flag`): legal, and no duration.
        if (isDur && !durSeen) durSeen = true;
        continue;
      }
      i++;
      while (i < length && isSpace(value.charCodeAt(i))) i++;
      let valueStart = i;
      let valueEnd: number;
      if (i < length && value.charCodeAt(i) === QUOTE) {
        const close = quotedEnd(value, i);
        if (close < 0) {
          // Unterminated: nothing after it can be delimited, so the entry and the value end here.
          wellFormed = false;
          i = length;
          break;
        }
        valueStart = i + 1;
        valueEnd = close;
        i = close + 1;
      } else {
        while (i < length && isTokenChar(value.charCodeAt(i))) i++;
        valueEnd = i;
      }
      if (isDur && !durSeen) {
        durSeen = true;
        durMs = parseDuration(value.slice(valueStart, valueEnd));
      }
    }
    if (!wellFormed) {
      i = skipEntry(value, i);
      continue;
    }
    if (Number.isFinite(durMs) && durMs >= 0) {
      visit(value.slice(nameStart, nameEnd), durMs);
      visited++;
    }
  }
  return visited;
}

const COMMA = 0x2c;
const SEMICOLON = 0x3b;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function parseDuration(text: string): number {
  return DECIMAL.test(text) ? Number(text) : Number.NaN;
}

/** Index of the closing quote of the quoted-string opening at `at`, or -1 when it never closes. */
function quotedEnd(value: string, at: number): number {
  for (let i = at + 1; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i;
  }
  return -1;
}

/** Past the next comma that is outside a quoted string (or the end). */
function skipEntry(value: string, from: number): number {
  let i = from;
  while (i < value.length) {
    const c = value.charCodeAt(i);
    if (c === COMMA) return i + 1;
    if (c === QUOTE) {
      const close = quotedEnd(value, i);
      if (close < 0) return value.length;
      i = close + 1;
    } else i++;
  }
  return i;
}

function isDurName(value: string, at: number): boolean {
  // ASCII letters only, so `| 0x20` lowercases without allocating.
  return (value.charCodeAt(at) | 0x20) === 0x64 && (value.charCodeAt(at + 1) | 0x20) === 0x75 && (value.charCodeAt(at + 2) | 0x20) === 0x72;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** RFC 9110 tchar: ALPHA / DIGIT / ! # $ % & ' * + - . ^ _ ` | ~ */
function isTokenChar(c: number): boolean {
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return true;
  switch (c) {
    case 0x21:
    case 0x23:
    case 0x24:
    case 0x25:
    case 0x26:
    case 0x27:
    case 0x2a:
    case 0x2b:
    case 0x2d:
    case 0x2e:
    case 0x5e:
    case 0x5f:
    case 0x60:
    case 0x7c:
    case 0x7e:
      return true;
    default:
      return false;
  }
}
