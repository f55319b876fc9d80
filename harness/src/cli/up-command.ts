// `bench up <topology>`: start a topology and keep it for exploring by hand, until `bench down`.
import { Command } from 'commander';
import { createConsoleLogger } from '../log/logger.ts';
import { createRunId } from '../results/run-id.ts';
import { createDockerRuntime } from '../runtime/docker/docker-runtime.ts';
import { LABEL } from '../runtime/docker/labels.ts';
import { ensureReady } from '../setup/setup.ts';
import type { TopologyConfig } from '../topology/registry.ts';
import { startTopology } from '../topology/start.ts';
import { addTopologyOptions, topologyConfigFromOptions } from './topology-flags.ts';

export function upCommand(): Command {
  const command = new Command('up')
    .description('start a topology and keep it running until `bench down` (prints every endpoint)')
    .argument('<topology>', 'single | lb | cache | replicas | sharded | regions | queue')
    .option('-v, --verbose', 'print debug output');
  return addTopologyOptions(command).action(async (kind: string, opts: Record<string, unknown>) => {
    const config = topologyConfigFromOptions(kind, opts) as TopologyConfig;
    const logger = createConsoleLogger({ verbose: opts.verbose === true });
    const { images } = await ensureReady(logger);
    const runId = `up-${createRunId(new Date())}`;
    const runtime = createDockerRuntime({ runId, logger, labels: { [LABEL.keep]: 'true' } });
    await runtime.sweepOrphans();
    const controller = new AbortController();
    const onSignal = (): void => controller.abort(new Error('interrupted'));
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const topology = await startTopology(config, { runtime, images, logger, signal: controller.signal });
      const width = Math.max(...Object.keys(topology.endpoints).map((k) => k.length));
      process.stdout.write(
        `${topology.kind} is up (run ${runId}):\n` +
          Object.entries(topology.endpoints).map(([name, url]) => `  ${name.padEnd(width)}  ${url}`).join('\n') +
          `\nstop it with: ./bench down ${runId}\n`,
      );
    } catch (error) {
      // A half-started topology is not kept.
      await runtime.removeAll();
      throw error;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  });
}
