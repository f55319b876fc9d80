// Beside every latency figure of a phase that dropped requests, report.html says what the figure leaves out: the
// dropped requests were never sent, so never measured, and they are the ones that would have waited longest.
import type { RunResult } from '../../results/run-result.ts';
import { droppedNote, type DroppedCounts } from '../format.ts';
import { escapeHtml as h } from './html-escape.ts';

const WHY = 'never sent, so not measured: they are the requests that would have waited longest';

/**
 * `⚠ latency excludes 1,301 dropped requests, 6.5%` (`what` names the figures: latency, p99, the breakdown), prefixed
 * with `who` when the note sits apart from its variant; empty when nothing was dropped.
 */
export function dropNoteHtml(phase: DroppedCounts, what = 'latency', who?: string): string {
  const note = droppedNote(phase);
  if (!note) return '';
  const text = `${who ? `${who}: ` : ''}${what} ${note}`;
  return `<div class="drop-note" title="${h(WHY)}">⚠ ${h(text)}</div>`;
}

/** One note per variant that dropped requests in the phase, for figures that show several variants at once. */
export function phaseDropNotesHtml(result: RunResult, phaseName: string, what = 'latency'): string {
  return result.variants
    .map((v) => {
      const phase = v.phases.find((p) => p.name === phaseName);
      return phase ? dropNoteHtml(phase, what, v.name) : '';
    })
    .join('');
}

export const DROP_NOTE_CSS = `
.drop-note { color: var(--warn); font-size: 12px; font-weight: 600; line-height: 1.3; margin-top: 2px; white-space: normal; }
`;
