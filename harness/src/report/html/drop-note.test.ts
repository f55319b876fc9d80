import { describe, expect, it } from 'vitest';
import { fixtureRunResult } from '../../../test/fixtures/run-result.ts';
import { dropNoteHtml, phaseDropNotesHtml } from './drop-note.ts';

describe('drop notes', () => {
  it('say what the percentiles leave out, in the shared wording, and nothing without drops', () => {
    expect(dropNoteHtml({ requests: 18_699, dropped: 1_301 })).toBe(
      '<div class="drop-note" title="never sent, so not measured: they are the requests that would have waited longest">⚠ latency excludes 1,301 dropped requests, 6.5%</div>',
    );
    expect(dropNoteHtml({ requests: 100, dropped: 1 }, 'p99', '<b>')).toContain('⚠ &lt;b&gt;: p99 excludes 1 dropped request, ');
    expect(dropNoteHtml({ requests: 100, dropped: 0 })).toBe('');
    expect(dropNoteHtml({ requests: 100 })).toBe('');
  });

  it('name each variant that dropped requests in a phase', () => {
    const result = fixtureRunResult();
    result.variants[0]!.phases[1]!.dropped = 40;
    const html = phaseDropNotesHtml(result, result.variants[0]!.phases[1]!.name);
    expect(html.match(/class="drop-note"/g)).toHaveLength(1);
    expect(html).toContain('no-coalescing: latency excludes 40 dropped requests');
    expect(phaseDropNotesHtml(result, 'no such phase')).toBe('');
  });
});
