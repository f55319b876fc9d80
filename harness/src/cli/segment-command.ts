// `bench segment`: runs one execution segment of a saved plan and writes its result file (histogram + counters);
// `bench merge` adds the results of every segment. One generator per host, or one per Kubernetes Job.
import { Command } from 'commander';
import { BenchError, badInput, infraError } from '../errors/bench-error.ts';
import { SELF_WARM_UP_MIN_RATE, warmUpOnce } from '../driver/open-loop/self-warm-up.ts';
import { raiseGeneratorPriority } from '../host/generator-priority.ts';
import { latencyLine, percentilesMs } from '../load/load-summary.ts';
import { createConsoleLogger } from '../log/logger.ts';
import { abortOnSignals } from '../orchestrator/abort.ts';
import { LatencyHistogram } from '../recorder/latency-histogram.ts';
import { parseSegment, segmentIndex } from '../segment/execution-segment.ts';
import { readPlanFile } from '../segment/segment-files.ts';
import { layoutOf } from '../segment/segment-plan.ts';
import { runSegment } from '../segment/run-segment.ts';
import { parseStartAt } from '../segment/start-time.ts';
import { BARRIER_ENV, type ChildMessage, type ParentMessage } from '../segment/barrier-protocol.ts';

/** A child waits this long for its parent's start time, then gives up (the parent died or hung). */
const BARRIER_TIMEOUT_MS = 60_000;

interface RawSegmentOptions {
  plan: string;
  segment: string;
  out: string;
  startAt: string;
  json?: boolean;
}

export function segmentCommand(): Command {
  return new Command('segment')
    .description("run one execution segment of a saved plan (this host's share of the arrivals) and write its histogram and counters")
    .requiredOption('--plan <file>', 'the plan, written by `bench load ... --generators N --save-plan plan.json`')
    .requiredOption('--segment <from:to>', "this generator's segment of the plan's sequence, e.g. 0:1/2 or 1/2:1 (k6 notation)")
    .requiredOption('--out <dir>', 'where to write segment-<i>-of-<n>.json')
    .option('--start-at <time>', 'the common start: now (in 1 s), an ISO time, or ms since the epoch; the same for every generator', 'now')
    .option('--json', 'print exactly one JSON object on stdout')
    .action(async (raw: RawSegmentOptions) => {
      const plan = await readPlanFile(raw.plan);
      const layout = layoutOf(plan);
      let index = -1;
      try {
        index = segmentIndex(layout.sequence, parseSegment(raw.segment));
      } catch (error) {
        throw badInput(`--segment: ${(error as Error).message}`, `Use one of the plan's segments (sequence ${plan.sequence}).`);
      }
      if (index < 0)
        throw badInput(
          `--segment ${raw.segment} is not a segment of the plan's sequence ${plan.sequence}`,
          'Use two neighbouring points of the sequence, e.g. 0:1/2.',
        );
      const startAt = parseStartAt(raw.startAt, Date.now());
      raiseGeneratorPriority();
      const logger = createConsoleLogger();
      const controller = new AbortController();
      const release = abortOnSignals(controller, logger);
      try {
        // Compile the open loop before the common start is known: done inside the run, its 0.4 s would come out
        // of the lead before the first request, and the first requests would leave late (self-warm-up.ts).
        if (plan.ratePerSec >= SELF_WARM_UP_MIN_RATE) await warmUpOnce();
        const startAtEpochMs = startAt.kind === 'at' ? startAt.epochMs : await awaitBarrier(controller);
        if (startAt.kind === 'at' && !raw.json)
          logger.step(
            `segment ${raw.segment} of ${plan.url} at ${plan.ratePerSec} req/s, starting ${new Date(startAtEpochMs).toISOString()}`,
          );
        const { file, result } = await runSegment({ plan, index, startAtEpochMs, outDir: raw.out }, controller.signal);
        if (startAt.kind === 'barrier') {
          send({ type: 'done', file });
          return;
        }
        const latency = percentilesMs(LatencyHistogram.decode(result.histogram));
        process.stdout.write(
          raw.json
            ? `${JSON.stringify({ file, segment: result.segment, planId: result.planId, scheduled: result.scheduled, requests: result.requests, dropped: result.dropped, errors: result.errors, latencyMs: latency, generatorSaturated: result.generator.saturated })}\n`
            : `segment ${result.segment}: ${result.requests} of ${result.scheduled} requests, dropped ${result.dropped}; ${latencyLine(latency)}\n  result     ${file}\n  merge with bench merge <this and the other generators' --out directories>\n`,
        );
      } finally {
        release();
        // A child of `bench load --generators` lets go of its parent's channel, so that it can exit.
        if (startAt.kind === 'barrier' && process.env[BARRIER_ENV] === '1' && process.connected) process.disconnect();
      }
    });
}

function send(message: ChildMessage): void {
  process.send?.(message);
}

/** Tells the parent this generator is loaded and waiting, then waits for the common start time. */
function awaitBarrier(controller: AbortController): Promise<number> {
  // The IPC channel alone is not enough: a test runner's worker has one too.
  if (!process.send || !process.connected || process.env[BARRIER_ENV] !== '1') {
    throw badInput(
      '--start-at barrier needs a parent process (bench load --generators)',
      'Use --start-at now or an agreed time when you run a segment yourself.',
    );
  }
  // The parent gone means nobody will merge this segment: stop at once.
  process.once('disconnect', () => controller.abort(new Error('the parent process went away')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(infraError('no start time from the parent within 60 s', 'The parent process hung; run again.')),
      BARRIER_TIMEOUT_MS,
    );
    controller.signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new BenchError('interrupted', 'interrupted before the start'));
      },
      { once: true },
    );
    process.on('message', (message: ParentMessage) => {
      if (message.type !== 'start') return;
      clearTimeout(timer);
      resolve(message.startAtEpochMs);
    });
    send({ type: 'ready' });
  });
}
