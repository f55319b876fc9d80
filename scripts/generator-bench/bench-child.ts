// One run of a bench driver in a process of its own (so its CPU and memory are its own, measured from outside):
// createDriver(name) through runLoad, the harness's recorder and generator monitor included, as `bench load`
// runs it, without the CLI's extras. Prints one JSON line: the load summary and the driver's own summary.
// Usage: node scripts/generator-bench/bench-child.ts '{"driver":"open","url":"http://127.0.0.1:8080/","connections":64,"ratePerSec":2000,"seconds":12}'
import { createDriver, type DriverName } from '../../harness/src/driver/create-driver.ts';
import { runLoad } from '../../harness/src/load/load-run.ts';

export interface ChildArgs {
  driver: string;
  url: string;
  connections: number;
  ratePerSec?: number;
  seconds: number;
  /** Requests due in the first warmupMs are sent but not counted (default 0: what `bench load` gives). */
  warmupMs?: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
// The cast: closed-loop names beyond today's DriverName (e.g. 'autocannon') are tried by the parent on purpose.
const driver = createDriver(args.driver as DriverName, { findK6: () => undefined });
const { summary, driverSummary } = await runLoad({
  url: args.url,
  driver,
  method: 'GET',
  connections: args.connections,
  ...(args.ratePerSec !== undefined ? { ratePerSec: args.ratePerSec } : {}),
  durationMs: args.seconds * 1000,
  timeoutMs: 10_000,
  ...(args.warmupMs !== undefined ? { warmupMs: args.warmupMs } : {}),
});
process.stdout.write(`${JSON.stringify({ summary, driverSummary })}\n`, () => process.exit(0));
