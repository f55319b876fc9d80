// `bench load --generators N` (or --segments): builds the segment plan from the options, then either saves it
// for generators on other hosts (--save-plan) or runs every segment here, one child process each, and merges.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { LoadOptions } from '../load/load-options.ts';
import type { Logger } from '../log/logger.ts';
import { formatSegment } from './execution-segment.ts';
import { formatMerged, mergedJson } from './format-merged.ts';
import { runLocalGenerators } from './local-generators.ts';
import { mergeSegments } from './merge-segments.ts';
import { writeJsonAtomically } from './segment-files.ts';
import { PLAN_FORMAT, layoutOf, planId, type SegmentPlan } from './segment-plan.ts';

export function planOf(options: LoadOptions): SegmentPlan {
  return {
    format: PLAN_FORMAT,
    driver: 'open',
    url: options.url,
    method: options.method,
    headers: options.headers,
    ...(options.body !== undefined ? { body: options.body } : {}),
    ratePerSec: options.ratePerSec!,
    durationMs: options.durationMs,
    timeoutMs: options.timeoutMs,
    ...(options.maxQueue !== undefined ? { maxQueue: options.maxQueue } : {}),
    connections: options.connections,
    sequence: options.segmented!.sequence,
    allowRemote: options.allowRemote,
  };
}

export async function runSegmentedLoad(options: LoadOptions, logger: Logger, signal: AbortSignal): Promise<void> {
  const plan = planOf(options);
  const layout = layoutOf(plan);
  const n = layout.sequence.segments.length;
  if (options.segmented!.savePlanFile) {
    const file = options.segmented!.savePlanFile;
    await writeJsonAtomically(dirname(file), basename(file), plan);
    const segments = layout.sequence.segments.map(formatSegment);
    process.stdout.write(
      options.json
        ? `${JSON.stringify({ plan: file, planId: planId(plan), segments })}\n`
        : [
            `plan ${planId(plan)} written to ${file}: ${n} segments (${segments.join(', ')}), ${plan.ratePerSec} req/s in all, ${plan.connections} connections in all`,
            'on each generator host, with the same --start-at everywhere (an agreed time, e.g. a minute ahead):',
            ...segments.map((s) => `  bench segment --plan ${file} --segment ${s} --out <dir> --start-at <time>`),
            "then: bench merge <every generator's --out dir>",
            '',
          ].join('\n'),
    );
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'bench-segments-'));
  try {
    const planFile = join(dir, 'plan.json');
    await writeJsonAtomically(dir, 'plan.json', plan);
    if (!options.json)
      logger.step(
        `${n} open-model generators on ${options.url} for ${options.durationMs / 1000} s at ${plan.ratePerSec} req/s in all (segments ${plan.sequence})`,
      );
    const results = await runLocalGenerators(
      {
        plan,
        planFile,
        outDir: join(dir, 'results'),
        onStart: (at) => logger.debug(`generators ready; common start ${new Date(at).toISOString()}`),
      },
      signal,
    );
    const merged = mergeSegments(results);
    if (options.hgrmFile) await writeFile(options.hgrmFile, merged.histogram.percentileDistributionText());
    process.stdout.write(
      options.json
        ? `${JSON.stringify(mergedJson(merged))}\n`
        : `${formatMerged(merged)}\n${options.hgrmFile ? `  histogram  ${options.hgrmFile}\n` : ''}`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
