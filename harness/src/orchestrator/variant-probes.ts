// The experiment's probes beside a variant's load: started with the driver on the same clock, stopped with it,
// then split by phase. The write ledger is checked against the database of record after the faults are rolled
// back, so "lost" means acknowledged and absent once everything is back, not "unreachable during the fault".
import type { Clock } from '../driver/driver.ts';
import type { ProbeDefinition } from '../experiment/types.ts';
import type { ToxiproxyApi } from '../fault/toxiproxy/toxiproxy-api.ts';
import type { Logger } from '../log/logger.ts';
import { compareLedger } from '../probe/ledger-verdict.ts';
import { runReadAfterWriteProbe, type ReadAfterWriteRun } from '../probe/read-after-write.ts';
import { summarizeReadAfterWrite } from '../probe/read-after-write-summary.ts';
import { readLedgerTitles } from '../probe/verify-ledger.ts';
import { runWriteLedger, type WriteLedger } from '../probe/write-ledger.ts';
import type { PhaseResult } from '../results/run-result.ts';
import { serverAt, serversOfRecord } from '../topology/postgres-servers.ts';
import type { StartedTopology } from '../topology/topology.ts';

export interface ProbeOutputs {
  readAfterWrite?: ReadAfterWriteRun;
  ledger?: WriteLedger;
  /** Titles found in the database of record after the variant; null when it could not be read. */
  ledgerTitles?: readonly string[] | null;
}

export interface RunningProbes {
  /** Waits for the probes to stop (they stop with `signal`) and checks the ledger. */
  finish(topology: StartedTopology, logger: Logger): Promise<ProbeOutputs>;
}

export interface ProbeStart {
  probes: readonly ProbeDefinition[];
  baseUrl: string;
  /** The probes' own bound; they are normally stopped through `signal` with the load. */
  durationMs: number;
  /** Unique per run and variant: the write ledger's titles start with it. */
  tag: string;
  clock: Clock;
  random: () => number;
  signal: AbortSignal;
}

export function startProbes(start: ProbeStart): RunningProbes {
  const { clock, signal } = start;
  const raw = start.probes.find((p) => p.kind === 'read-after-write');
  const ledger = start.probes.find((p) => p.kind === 'write-ledger');
  const rawRun = raw
    ? runReadAfterWriteProbe(
        {
          baseUrl: start.baseUrl,
          durationMs: start.durationMs,
          random: start.random,
          ...(raw.ratePerSec !== undefined ? { ratePerSec: raw.ratePerSec } : {}),
          ...(raw.kind === 'read-after-write' && raw.readDelayMs !== undefined ? { readDelayMs: raw.readDelayMs } : {}),
        },
        clock,
        signal,
      )
    : undefined;
  const ledgerRun = ledger
    ? runWriteLedger(
        {
          baseUrl: start.baseUrl,
          tag: start.tag,
          durationMs: start.durationMs,
          random: start.random,
          ...(ledger.ratePerSec !== undefined ? { ratePerSec: ledger.ratePerSec } : {}),
          ...(ledger.kind === 'write-ledger' && ledger.write ? { write: ledger.write } : {}),
        },
        clock,
        signal,
      )
    : undefined;
  return {
    async finish(topology, logger) {
      const outputs: ProbeOutputs = {};
      if (rawRun) outputs.readAfterWrite = await rawRun;
      if (ledgerRun) {
        outputs.ledger = await ledgerRun;
        try {
          const verify = ledger?.kind === 'write-ledger' ? ledger.verify : undefined;
          const urls = (await databasesOfRecord(topology)).map((url) => (verify ? inDatabase(url, verify.database) : url));
          outputs.ledgerTitles = await readLedgerTitles({ databaseUrls: urls, tag: start.tag, ...(verify ? { query: verify.query } : {}) });
        } catch (error) {
          logger.warn(`write ledger: ${(error as Error).message}; lost writes are not measured`);
          outputs.ledgerTitles = null;
        }
      }
      return outputs;
    },
  };
}

/**
 * The databases holding disjoint data, directly (not through Toxiproxy): the primary, or every shard. After a
 * replica failover the database of record is the promoted replica the write edge now points at: a write the
 * old primary acknowledged but never shipped to it is lost to every later reader.
 */
export async function databasesOfRecord(
  topology: Pick<StartedTopology, 'postgres'> & { toxiproxy: Pick<ToxiproxyApi, 'upstreamOf'> },
): Promise<string[]> {
  const urls: string[] = [];
  for (const server of serversOfRecord(topology.postgres)) {
    const upstream = await topology.toxiproxy.upstreamOf(server.edge.name);
    urls.push((serverAt(topology.postgres, upstream) ?? server).url);
  }
  return urls;
}

/** The same server, another database (the service's own, which bench created on every primary and shard). */
export function inDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A phase's share of the probes' checks, by the time each check or write was sent. */
export function probePhaseFigures(
  outputs: ProbeOutputs,
  window: { startMs: number; endMs: number },
): Pick<PhaseResult, 'readAfterWrite' | 'writes'> {
  const figures: Pick<PhaseResult, 'readAfterWrite' | 'writes'> = {};
  if (outputs.readAfterWrite) {
    const s = summarizeReadAfterWrite(outputs.readAfterWrite.checks, window, outputs.readAfterWrite.skippedAtMs);
    figures.readAfterWrite = { ...s, staleRate: s.staleRate === null ? null : Math.round(s.staleRate * 1e6) / 1e6 };
  }
  if (outputs.ledger) {
    const entries = outputs.ledger.entries.filter((e) => e.atMs >= window.startMs && e.atMs < window.endMs);
    const titles = outputs.ledgerTitles;
    const mine = new Set(entries.map((e) => e.title));
    const v = compareLedger(
      entries,
      (titles ?? []).filter((t) => mine.has(t)),
    );
    figures.writes = {
      sent: entries.length,
      acknowledged: v.acknowledged,
      lost: titles ? v.lost : 0,
      rejected: v.rejected,
      unknown: v.unknown,
      unknownPresent: titles ? v.unknownPresent : 0,
      duplicates: titles ? v.duplicates : 0,
      skipped: outputs.ledger.skippedAtMs.filter((atMs) => atMs >= window.startMs && atMs < window.endMs).length,
      verified: titles !== null && titles !== undefined,
    };
  }
  return figures;
}
