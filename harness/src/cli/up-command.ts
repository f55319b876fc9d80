// `bench up <topology>`: start a topology and keep it for exploring by hand, until `bench down`.
import { Command } from 'commander';
import { readAllowedCpus } from '../host/allowed-cpus.ts';
import { GENERATOR_CPUS_HELP, NO_CPU_SPLIT_HELP, chooseCpuSplit, type CpuSplitFlags } from '../host/cpu-split-choice.ts';
import { splitInfo } from '../host/cpu-split.ts';
import { createConsoleLogger } from '../log/logger.ts';
import { createRunId } from '../results/run-id.ts';
import { createDockerRuntime } from '../runtime/docker/docker-runtime.ts';
import { LABEL } from '../runtime/docker/labels.ts';
import { ensureReady } from '../setup/setup.ts';
import type { TopologyConfig } from '../topology/registry.ts';
import { startTopology } from '../topology/start.ts';
import { addServiceOptions, checkUpService, serviceFromFlags, type ServiceFlags } from './service-flags.ts';
import { addTopologyOptions, topologyConfigFromOptions } from './topology-flags.ts';

export function upCommand(): Command {
  const command = new Command('up')
    .description('start a topology and keep it running until `bench down` (prints every endpoint)')
    .argument('<topology>', 'single | lb | cache | replicas | sharded | regions | queue')
    .option('--generator-cpus <list>', `${GENERATOR_CPUS_HELP}; for a later \`bench load\``)
    .option('--no-cpu-split', NO_CPU_SPLIT_HELP)
    .option('-v, --verbose', 'print debug output');
  return addServiceOptions(addTopologyOptions(command)).action(async (kind: string, opts: Record<string, unknown>) => {
    const service = serviceFromFlags(opts as ServiceFlags);
    const config = { ...topologyConfigFromOptions(kind, opts), ...(service ? { service } : {}) } as TopologyConfig;
    await checkUpService(config);
    // The containers go on the stack CPUs of the split a later `bench load` uses by default (same flags).
    const split = splitInfo(chooseCpuSplit(readAllowedCpus(), opts as CpuSplitFlags), false);
    const logger = createConsoleLogger({ verbose: opts.verbose === true });
    const { images } = await ensureReady(logger, config.service ? { services: [config.service] } : {});
    const runId = `up-${createRunId(new Date())}`;
    const runtime = createDockerRuntime({
      runId,
      logger,
      labels: { [LABEL.keep]: 'true' },
      ...(split.stack ? { cpusetCpus: split.stack } : {}),
    });
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
          Object.entries(topology.endpoints)
            .map(([name, url]) => `  ${name.padEnd(width)}  ${url}`)
            .join('\n') +
          `\ncontainers on CPU ${split.stack || 'any (no split)'}${split.generator ? `; \`bench load\` pins itself to CPU ${split.generator} by default` : ''}` +
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
