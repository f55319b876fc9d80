import { describe, expect, it } from 'vitest';
import { reportRunFixture } from '../../../test/fixtures/report-run.ts';
import { repeatsRunFixture } from '../../../test/fixtures/report-run-repeats.ts';
import { fixtureRunResult } from '../../../test/fixtures/run-result.ts';
import { loadHtmlAssets } from './html-assets.ts';
import type { DependencyLine } from './dependency-rows.ts';
import { renderHtmlReport } from './html-report.ts';

describe('report.html', () => {
  const fixture = reportRunFixture();
  const repeats = repeatsRunFixture();
  const html = renderHtmlReport(fixture.result, { timeline: fixture.timeline, events: fixture.events }).content;
  /** The page without its inlined scripts (whose source mentions the same selectors). */
  const markup = (page: string): string => page.slice(0, page.indexOf('<script type="application/json"'));

  it('is one self-contained file: uPlot inlined, no external resource, network forbidden by CSP', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(loadHtmlAssets().uplotJs.slice(0, 200));
    expect(html).toContain("default-src 'none'");
    // No element loads anything: no src=, no stylesheet links, no url() in CSS, no @import.
    expect(html).not.toMatch(/<(script|img|iframe|link)[^>]+\ssrc=/i);
    expect(html).not.toMatch(/<link[^>]+rel="stylesheet"/i);
    expect(html).not.toMatch(/url\(\s*['"]?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import/i);
  });

  it('puts warnings first: failed thresholds and a saturated generator', () => {
    const warnings = html.indexOf('class="warnings"');
    expect(warnings).toBeGreaterThan(0);
    expect(warnings).toBeLessThan(html.indexOf('id="timeline"'));
    expect(html).toContain('2 of 6 thresholds failed.');
    expect(html).toContain('The load generator was saturated.');
    expect(html).toContain('no-coalescing / flush');
  });

  it('has a chart placeholder per timeline metric, error variant and phase spectrum', () => {
    expect(markup(html).match(/data-chart="rps"/g)).toHaveLength(1);
    expect(markup(html).match(/data-chart="latency"/g)).toHaveLength(1);
    expect(markup(html).match(/data-chart="errors"/g)).toHaveLength(2);
    expect(markup(html).match(/data-chart="spectrum"/g)).toHaveLength(4);
  });

  it('shows the comparison, thresholds, events and setup', () => {
    for (const text of [
      'Variants compared',
      '<h2>Phases</h2>',
      'flush.p99 &lt; 250ms',
      '&lt; 250ms',
      'fault-applied',
      'Environment',
      '20.10.24',
      'http://127.0.0.1:18080',
      'cache.coalesce',
    ]) {
      expect(html).toContain(text);
    }
  });

  it('compares variants with the shared comparison: ratios to the first variant, uncoloured without repeats to test them', () => {
    const comparison = markup(html).slice(markup(html).indexOf('<section id="comparison">'));
    const flush = comparison.slice(comparison.indexOf('<h3>flush</h3>'));
    const p99 = /<tr data-metric="p99"><th scope="row">p99 ms<\/th>(.*?)<\/tr>/.exec(flush)?.[1] ?? '';
    // coalescing's flush p99 is far below no-coalescing's, yet one run each proves nothing: no colour.
    expect(p99).toMatch(
      /<td class="num">[\d.]+<\/td><td class="num">[\d.]+ <span class="ratio" title="no significance test[^"]*">×0\.\d+<\/span><\/td>/,
    );
    expect(markup(html)).not.toMatch(/class="ratio (better|worse)"/);
    expect(markup(html)).toContain('one run each: no significance test');
    expect(markup(html)).toContain('the load generator was saturated in no-coalescing');
    const single = renderHtmlReport({ ...fixture.result, variants: fixture.result.variants.slice(0, 1) }, { timeline: [] }).content;
    expect(single).not.toContain('Variants compared');
  });

  it("with repeats, colours only significant differences and draws each value's interval as a whisker", () => {
    const page = markup(renderHtmlReport(repeats.result, { timeline: repeats.timeline, events: repeats.events }).content);
    const comparison = page.slice(page.indexOf('<section id="comparison">'));
    const rowOf = (phase: string, metric: string): string[] => {
      const table = comparison.slice(comparison.indexOf(`<h3>${phase}</h3>`));
      const cells = new RegExp(`<tr data-metric="${metric}">(.*?)</tr>`).exec(table)?.[1] ?? '';
      return [...cells.matchAll(/<td class="num">(.*?)<\/td>/g)].map((m) => m[1]!);
    };
    const [, coalescing, xfetch, swr] = rowOf('flush', 'p99');
    expect(coalescing).toMatch(/<span class="ratio better"[^>]*>×0\.1\d<\/span><svg class="whisker"/);
    expect(swr).toMatch(/<span class="ratio better"[^>]*>×0\.0\d<\/span>/);
    // xfetch does not help a flush: its p99 is within the repeats' spread of no-guard's.
    expect(xfetch).toMatch(/<span class="ratio same" title="no significant difference[^"]*">~<\/span>/);
    // Baseline p99 ×0.87 would have been green under the old ±5% rule; the repeats say it is noise.
    expect(rowOf('baseline', 'p99')[2]).toMatch(/>~<\/span>/);
    for (const cell of rowOf('flush', 'p99')) expect(cell).toContain('<svg class="whisker"');
    expect(page).toContain('Mann-Whitney U');
    expect(page).toContain('Green is better, red worse, and only where the difference is significant');
    expect(page).toContain('<h2>Where the time went</h2>');
    expect(markup(html)).not.toContain('Where the time went');
  });

  it('says beside every latency figure of a phase with drops what its percentiles leave out', () => {
    const page = markup(renderHtmlReport(repeats.result, { timeline: repeats.timeline, events: repeats.events }).content);
    const flush = repeats.result.variants[0]!.phases.find((p) => p.name === 'flush')!;
    const share = `${((100 * flush.dropped!) / (flush.requests + flush.dropped!)).toFixed(1)}%`;
    const note = `excludes ${flush.dropped} dropped requests, ${share}`;
    const section = (id: string): string =>
      page.slice(page.indexOf(`<section id="${id}">`), page.indexOf('</section>', page.indexOf(`<section id="${id}">`)));
    // The card's worst p99 is no-guard's flush; the phases table's flush row; the comparison and spectrum per variant.
    expect(page.slice(page.indexOf('<div class="cards">'), page.indexOf('<section id="timeline">'))).toContain(`⚠ p99 ${note}`);
    expect(section('phases')).toMatch(new RegExp(`no-guard<div class="drop-note"[^>]*>⚠ latency ${note}`));
    expect(section('comparison')).toContain(`⚠ no-guard: latency ${note}`);
    expect(section('spectrum')).toContain(`⚠ no-guard: latency ${note}`);
    expect(section('server-timing')).toContain(`⚠ the breakdown ${note}`);
    // Phases without drops say nothing: three notes, all in the flush (no-guard, coalescing, xfetch).
    expect(section('comparison').match(/class="drop-note"/g)).toHaveLength(3);
    expect(markup(html)).not.toContain('class="drop-note"');
  });

  it('adds "Dependencies per second" after the timeline only when dependencies.jsonl has rows, with the sampler\'s cost', () => {
    const [a, b] = fixture.result.variants.map((v) => v.name) as [string, string];
    const second = (variant: string, tMs: number): DependencyLine => ({
      variant,
      tMs,
      sections: {
        containers: {
          service: { cpuOfLimit: 0.4, cpuCores: 0.4, memoryMb: 90 },
          postgres: { cpuOfLimit: 0.2, cpuCores: 0.2, memoryMb: 60 },
        },
        postgres: { primary: { transactionsPerSec: 120, active: 3 } },
      },
    });
    const dependencies = [1000, 2000, 3000].flatMap((tMs) => [second(a, tMs), second(b, tMs)]);
    const result = {
      ...fixture.result,
      variants: fixture.result.variants.map((v, i) =>
        i === 0 ? { ...v, dependencySampler: { samples: 61, meanMs: 3.2, maxMs: 11.5 } } : v,
      ),
    };
    const page = markup(renderHtmlReport(result, { timeline: fixture.timeline, events: fixture.events, dependencies }).content);
    const at = page.indexOf('<section id="dependencies">');
    expect(at).toBeGreaterThan(page.indexOf('<section id="timeline">'));
    expect(at).toBeLessThan(page.indexOf('<section id="spectrum">'));
    const section = page.slice(at, page.indexOf('</section>', at));
    expect(section).toContain('<h2>Dependencies per second</h2>');
    expect(section).toContain(`${a}: 61 samples, 3.2 ms each on average, 11.5 ms at most`);
    expect(section).toContain('<h3>PostgreSQL</h3>');
    expect(section).toContain('<h3>Containers</h3>');
    // One server: statements (here transactions) and active connections overlay both variants; two containers: CPU
    // and memory get a chart per variant.
    const keys = [...section.matchAll(/data-key="([^"]+)"/g)].map((m) => m[1]);
    expect(keys).toEqual([
      'postgres.statements',
      'postgres.active',
      'containers.cpu',
      'containers.cpu',
      'containers.memory',
      'containers.memory',
    ]);
    expect(section).toContain(`<figcaption>Memory: ${b}</figcaption>`);
    expect(section.match(/class="dependency-grid"/g)).toHaveLength(2);
    expect(page).not.toContain('median across');
    // Without rows (an older run), or with an empty file: no section at all.
    expect(markup(html)).not.toContain('id="dependencies"');
    expect(markup(renderHtmlReport(result, { timeline: fixture.timeline, dependencies: [] }).content)).not.toContain('id="dependencies"');
  });

  it('escapes user-supplied names everywhere, including inside the embedded data', () => {
    const result = fixtureRunResult();
    result.experiment = 'x</script><script>alert(1)</script>';
    result.variants[0]!.name = '<img onerror=alert(1)>';
    result.reason = '"quoted" & <b>bold</b>';
    result.status = 'aborted';
    const out = renderHtmlReport(result, {
      timeline: [{ variant: '<img onerror=alert(1)>', second: 0, requests: 1, errors: {}, p50Ms: 1, p99Ms: 1 }],
    }).content;
    expect(out).not.toContain('<script>alert(1)');
    expect(out).not.toContain('<img onerror');
    expect(out).toContain('x&lt;/script&gt;');
    expect(out).toContain('\\u003cimg onerror=alert(1)>');
    expect(out).toContain('The run was aborted.');
    expect(out).toContain('&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;');
  });

  it('says so when there is no timeline or no phase', () => {
    const result = fixtureRunResult();
    expect(renderHtmlReport(result, { timeline: [] }).content).toContain('No per-second timeline was saved');
    const empty = renderHtmlReport({ ...result, variants: [] }, { timeline: [] }).content;
    expect(empty).toContain('No phase was recorded.');
    expect(markup(empty)).not.toContain('data-chart=');
  });
});
