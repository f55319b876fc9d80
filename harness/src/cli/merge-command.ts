// `bench merge`: the segments of one plan, from however many generators and hosts, as one result.
import { writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { Command } from 'commander';
import { formatMerged, mergedJson } from '../segment/format-merged.ts';
import { mergeSegments } from '../segment/merge-segments.ts';
import { readResults, writeJsonAtomically } from '../segment/segment-files.ts';

export function mergeCommand(): Command {
  return new Command('merge')
    .description('merge the segment results of one plan (histograms add; percentiles are read from the sum)')
    .argument('<paths...>', 'directories written by `bench segment --out` (or their segment-<i>-of-<n>.json files)')
    .option('--json', 'print exactly one JSON object on stdout')
    .option('--out <file>', 'also write the merged result (JSON, with the merged histogram) to this file, atomically')
    .option('--hgrm <file>', 'write the merged latency percentile distribution (HdrHistogram .hgrm text) to this file')
    .action(async (paths: string[], raw: { json?: boolean; out?: string; hgrm?: string }) => {
      const merged = mergeSegments(await readResults(paths));
      if (raw.out) await writeJsonAtomically(dirname(raw.out), basename(raw.out), mergedJson(merged));
      if (raw.hgrm) await writeFile(raw.hgrm, merged.histogram.percentileDistributionText());
      process.stdout.write(raw.json ? `${JSON.stringify(mergedJson(merged))}\n` : `${formatMerged(merged)}\n`);
    });
}
