// Compares a write ledger with the titles found in the databases. Pure: no I/O.
import type { LedgerEntry } from './write-ledger.ts';

export interface LedgerVerdict {
  writes: number;
  acknowledged: number;
  acknowledgedPresent: number;
  /** Acknowledged but absent: the durability bug. */
  lost: number;
  rejected: number;
  /** Rejected but present: the client was told "no" for a write that happened. Should be 0. */
  rejectedPresent: number;
  unknown: number;
  unknownPresent: number;
  unknownAbsent: number;
  /** The first 20 lost titles, in ledger order. */
  lostTitles: string[];
  /** Rows beyond the first for one title: a write applied twice (e.g. a retried INSERT). */
  duplicates: number;
  /** Titles found under the tag that the ledger never sent (another run with an overlapping tag?). */
  unlisted: number;
}

const LOST_TITLES_SHOWN = 20;

/** `foundTitles`: every matching row's title from every database holding disjoint data (primary or shards). */
export function compareLedger(entries: readonly Pick<LedgerEntry, 'title' | 'outcome'>[], foundTitles: Iterable<string>): LedgerVerdict {
  const found = new Map<string, number>();
  for (const title of foundTitles) found.set(title, (found.get(title) ?? 0) + 1);
  const verdict: LedgerVerdict = {
    writes: entries.length,
    acknowledged: 0,
    acknowledgedPresent: 0,
    lost: 0,
    rejected: 0,
    rejectedPresent: 0,
    unknown: 0,
    unknownPresent: 0,
    unknownAbsent: 0,
    lostTitles: [],
    duplicates: 0,
    unlisted: 0,
  };
  const listed = new Set<string>();
  for (const entry of entries) {
    listed.add(entry.title);
    const present = found.has(entry.title);
    if (entry.outcome === 'acknowledged') {
      verdict.acknowledged++;
      if (present) verdict.acknowledgedPresent++;
      else {
        verdict.lost++;
        if (verdict.lostTitles.length < LOST_TITLES_SHOWN) verdict.lostTitles.push(entry.title);
      }
    } else if (entry.outcome === 'rejected') {
      verdict.rejected++;
      if (present) verdict.rejectedPresent++;
    } else {
      verdict.unknown++;
      if (present) verdict.unknownPresent++;
      else verdict.unknownAbsent++;
    }
  }
  for (const [title, rows] of found) {
    if (!listed.has(title)) verdict.unlisted++;
    verdict.duplicates += rows - 1;
  }
  return verdict;
}

/** A LIKE pattern matching `${tag}-` and anything after it, with the tag's own wildcards escaped (ESCAPE '!'). */
export const ledgerLikePattern = (tag: string): string => `${tag.replace(/[!%_]/g, (c) => `!${c}`)}-%`;
