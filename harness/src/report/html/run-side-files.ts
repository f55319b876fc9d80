// Reads the side files of a saved run (timeline.jsonl, events.jsonl, dependencies.jsonl) for `bench report DIR`.
// Missing files are normal (an older run, or one that recorded nothing): the report then draws what run.json holds.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEPENDENCIES_FILE_NAME, parseDependenciesJsonl } from './dependency-rows.ts';
import { EVENTS_FILE_NAME, TIMELINE_FILE_NAME, parseEventsJsonl, parseTimelineJsonl, type RunSideFiles } from './timeline-rows.ts';

export async function readRunSideFiles(runDir: string): Promise<RunSideFiles> {
  const timeline = await readOptional(join(runDir, TIMELINE_FILE_NAME));
  const events = await readOptional(join(runDir, EVENTS_FILE_NAME));
  const dependencies = await readOptional(join(runDir, DEPENDENCIES_FILE_NAME));
  return {
    timeline: timeline === null ? [] : parseTimelineJsonl(timeline),
    ...(events === null ? {} : { events: parseEventsJsonl(events) }),
    ...(dependencies === null ? {} : { dependencies: parseDependenciesJsonl(dependencies) }),
  };
}

async function readOptional(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return null;
    throw error;
  }
}
