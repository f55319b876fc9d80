import { describe, expect, it } from 'vitest';
import { compareLedger, ledgerLikePattern } from './ledger-verdict.ts';
import type { LedgerOutcome } from './write-ledger.ts';

const entry = (n: number, outcome: LedgerOutcome) => ({ title: `t-${n}`, outcome });

describe('compareLedger', () => {
  it('sorts every write by what the client was told and whether the database has it', () => {
    const entries = [
      entry(1, 'acknowledged'),
      entry(2, 'acknowledged'),
      entry(3, 'rejected'),
      entry(4, 'rejected'),
      entry(5, 'unknown'),
      entry(6, 'unknown'),
      entry(7, 'unknown'),
    ];
    const verdict = compareLedger(entries, ['t-1', 't-4', 't-5']);
    expect(verdict).toEqual({
      writes: 7,
      acknowledged: 2,
      acknowledgedPresent: 1,
      lost: 1,
      rejected: 2,
      rejectedPresent: 1,
      unknown: 3,
      unknownPresent: 1,
      unknownAbsent: 2,
      lostTitles: ['t-2'],
      duplicates: 0,
      unlisted: 0,
    });
  });

  it('lists the first 20 lost titles in ledger order', () => {
    const entries = Array.from({ length: 30 }, (_, i) => entry(i + 1, 'acknowledged'));
    const verdict = compareLedger(entries, []);
    expect(verdict.lost).toBe(30);
    expect(verdict.lostTitles).toEqual(Array.from({ length: 20 }, (_, i) => `t-${i + 1}`));
  });

  it('counts rows written twice and titles the ledger never sent', () => {
    const verdict = compareLedger([entry(1, 'acknowledged'), entry(2, 'unknown')], ['t-1', 't-1', 't-2', 't-9']);
    expect(verdict).toMatchObject({ acknowledgedPresent: 1, unknownPresent: 1, duplicates: 1, unlisted: 1 });
  });
});

describe('ledgerLikePattern', () => {
  it('matches the tag and a dash, with LIKE wildcards in the tag escaped', () => {
    expect(ledgerLikePattern('run-1')).toBe('run-1-%');
    expect(ledgerLikePattern('a_b%c!d')).toBe('a!_b!%c!!d-%');
  });
});
