// report.html and results/index.html in a real browser (Debian's Chromium, headless, driven by playwright-core):
// rendered by `bench report` from a saved fixture run, they must load with no console error and no network request,
// draw every chart, and look like something (screenshots are kept under /tmp for a human to judge).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleLogger } from '../src/log/logger.ts';
import { renderHtmlReport } from '../src/report/html/html-report.ts';
import { fixtureRunResult } from '../src/report/run-result-fixture.ts';
import { writeRun } from '../src/results/write-run.ts';
import { runCli } from './cli.ts';
import { CHROMIUM_ARGS, ensureChromium } from './fixtures/chromium.ts';
import { reportRunFixture } from './fixtures/report-run.ts';
import { repeatsRunFixture } from './fixtures/report-run-repeats.ts';

// Browser globals, used only inside page.evaluate() callbacks, which run in Chromium (the tsconfig has no DOM lib).
declare const document: any;
declare const DOMParser: any;
declare const Image: any;
declare const OffscreenCanvas: any;
declare const window: any;
declare const getComputedStyle: any;
declare const NodeFilter: any;

const SCREENSHOT = '/tmp/bench-report.png';
const PRINT_SCREENSHOT = '/tmp/bench-report-print.png';
const INDEX_SCREENSHOT = '/tmp/bench-index.png';

interface PageProblems {
  console: string[];
  requests: string[];
}

let browser: Browser | undefined;
let skipReason: string | undefined;
let out = '';
let runDir = '';
let repeatsOut = '';
let repeatsDir = '';
const fixture = reportRunFixture();
const repeats = repeatsRunFixture();

beforeAll(async () => {
  const chromiumPath = await ensureChromium(createConsoleLogger());
  if ('skip' in chromiumPath) {
    skipReason = chromiumPath.skip;
    console.warn(`skipping the headless Chromium tests: ${skipReason}`);
    return;
  }
  browser = await chromium.launch({ executablePath: chromiumPath.path, args: CHROMIUM_ARGS });
  out = await mkdtemp(join(tmpdir(), 'bench-html-'));
  runDir = await writeRun(out, fixture.result, fixture.files);
  const repeatsHtml = renderHtmlReport(repeats.result, { timeline: repeats.timeline, events: repeats.events });
  // Its own results root, so the index test below still sees one run.
  repeatsOut = await mkdtemp(join(tmpdir(), 'bench-html-repeats-'));
  repeatsDir = await writeRun(repeatsOut, repeats.result, [...repeats.files, { name: repeatsHtml.fileName, content: repeatsHtml.content }]);
});

afterAll(async () => {
  await browser?.close();
  for (const dir of [out, repeatsOut]) if (dir) await rm(dir, { recursive: true, force: true });
});

/** Opens a file with every request other than the file itself aborted and recorded, and console errors collected. */
async function open(file: string, viewport = { width: 1280, height: 900 }): Promise<{ page: Page; problems: PageProblems }> {
  const page = await browser!.newPage({ viewport });
  const url = pathToFileURL(file).href;
  const problems: PageProblems = { console: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.console.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.console.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    if (r.url() !== url) problems.requests.push(r.url());
  });
  await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems };
}

/** Distinct colours in a PNG, counted by the browser itself (a data: URL in a blank page, no file access). */
async function distinctColours(png: Buffer): Promise<number> {
  const page = await browser!.newPage();
  try {
    return await page.evaluate(async (base64) => {
      const image = new Image();
      image.src = `data:image/png;base64,${base64}`;
      await image.decode();
      const canvas = new OffscreenCanvas(image.width, image.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(image, 0, 0);
      const pixels = ctx.getImageData(0, 0, image.width, image.height).data;
      const colours = new Set<number>();
      for (let i = 0; i < pixels.length; i += 4) colours.add((pixels[i]! << 16) | (pixels[i + 1]! << 8) | pixels[i + 2]!);
      return colours.size;
    }, png.toString('base64'));
  } finally {
    await page.close();
  }
}

interface ChartPixels {
  kind: string;
  /** Pixels the chart painted at all. */
  painted: number;
  /** Series colours found nowhere opaque on the canvas. */
  missing: string[];
  /** Per series colour: pixels of exactly that colour at the repeat bands' alpha (0.2) over a transparent background. */
  bandPixels: Record<string, number>;
}

/**
 * Anti-aliased line edges leave under 100 such pixels (measured: at most 86 without bands); a band shows 227 or
 * more even where the other variants' bands cover most of it.
 */
const BAND_PIXELS = 150;

/** What each chart's canvas holds, read back in the page. */
async function chartPixels(page: Page): Promise<ChartPixels[]> {
  return page.evaluate(() => {
    const data = JSON.parse(document.getElementById('report-data')!.textContent!);
    const hex = (c: string): number[] => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
    return [...document.querySelectorAll('figure[data-chart]')].map((figure: any) => {
      const kind = figure.dataset.chart!;
      const canvas = figure.querySelector('canvas');
      const colours: string[] =
        kind === 'spectrum'
          ? data.spectra[Number(figure.dataset.index)].series.map((s: { color: string }) => s.color)
          : kind === 'errors'
            ? data.timeline.variants[Number(figure.dataset.variant)].errorStacks.map((s: { color: string }) => s.color)
            : data.timeline.variants.map((v: { color: string }) => v.color);
      const bandPixels: Record<string, number> = Object.fromEntries(colours.map((c) => [c, 0]));
      if (!canvas) return { kind, painted: 0, missing: colours, bandPixels };
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      const found = new Set<string>();
      for (let i = 0; i < pixels.length; i += 4) {
        const alpha = pixels[i + 3]!;
        if (alpha === 0) continue;
        painted++;
        for (const colour of colours) {
          const [r, g, b] = hex(colour);
          const distance = Math.abs(pixels[i]! - r!) + Math.abs(pixels[i + 1]! - g!) + Math.abs(pixels[i + 2]! - b!);
          if (distance < 30 && alpha > 200) found.add(colour);
          if (distance < 12 && alpha >= 45 && alpha <= 57) bandPixels[colour]!++;
        }
      }
      return { kind, painted, missing: colours.filter((c) => !found.has(c)), bandPixels };
    });
  });
}

interface Overlap {
  container: string;
  a: string;
  b: string;
}

interface LayoutCheck {
  overlaps: Overlap[];
  scrollWidth: number;
  innerWidth: number;
  /** Siblings compared per container, so a test can tell that the containers were there at all. */
  siblings: Record<string, number>;
}

/**
 * Pairs of siblings whose painted boxes intersect. A sibling's box is the union of its own box and every descendant's
 * (text included), clipped by the scroll containers among them: a table overflowing its grid cell is caught, a table
 * scrolling inside its own wrapper is not.
 */
async function layoutCheck(page: Page, containers: readonly string[]): Promise<LayoutCheck> {
  return page.evaluate((selectors: string[]) => {
    type Box = { left: number; top: number; right: number; bottom: number };
    const intersect = (a: Box, b: Box): Box => ({ left: Math.max(a.left, b.left), top: Math.max(a.top, b.top), right: Math.min(a.right, b.right), bottom: Math.min(a.bottom, b.bottom) });
    const empty = (b: Box): boolean => b.right - b.left < 0.5 || b.bottom - b.top < 0.5;
    const union = (a: Box | null, b: Box): Box => (a ? { left: Math.min(a.left, b.left), top: Math.min(a.top, b.top), right: Math.max(a.right, b.right), bottom: Math.max(a.bottom, b.bottom) } : b);
    const box = (r: any): Box => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
    const painted = (el: any, clip: Box): Box | null => {
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden') return null;
      const own = box(el.getBoundingClientRect());
      let out: Box | null = empty(own) ? null : empty(intersect(own, clip)) ? null : intersect(own, clip);
      const inner = style.overflowX !== 'visible' || style.overflowY !== 'visible' ? intersect(clip, own) : clip;
      for (const child of el.childNodes) {
        if (child.nodeType === 1) {
          const b = painted(child, inner);
          if (b) out = union(out, b);
        } else if (child.nodeType === 3 && child.textContent.trim() !== '') {
          const range = document.createRange();
          range.selectNodeContents(child);
          const b = intersect(box(range.getBoundingClientRect()), inner);
          if (!empty(b)) out = union(out, b);
        }
      }
      return out;
    };
    const name = (el: any): string => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    const everywhere = { left: -1e9, top: -1e9, right: 1e9, bottom: 1e9 };
    const overlaps: Array<{ container: string; a: string; b: string }> = [];
    const siblings: Record<string, number> = {};
    for (const selector of selectors) {
      for (const container of document.querySelectorAll(selector)) {
        const boxes = [...container.children].map((el: any) => ({ el, b: painted(el, everywhere) })).filter((x) => x.b !== null) as Array<{ el: any; b: Box }>;
        siblings[selector] = (siblings[selector] ?? 0) + boxes.length;
        for (let i = 0; i < boxes.length; i++) {
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i]!.b;
            const b = boxes[j]!.b;
            // A pixel of slack: borders of neighbours may touch.
            if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) {
              overlaps.push({ container: selector, a: name(boxes[i]!.el), b: name(boxes[j]!.el) });
            }
          }
        }
      }
    }
    return { overlaps, scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, siblings };
  }, [...containers]);
}

const LAYOUT_CONTAINERS = ['main', 'main > section', '.cards', '.compare-grid', '.compare-phase', '.spectrum-grid'];

describe('report.html layout of a 4-variant run with repeats', () => {
  for (const width of [1000, 1400, 1920]) {
    it(`at ${width} px: no table, card or chart overlaps a sibling, and the page does not scroll sideways`, async (ctx) => {
      if (skipReason) return ctx.skip();
      const { page, problems } = await open(join(repeatsDir, 'report.html'), { width, height: 1000 });
      await page.waitForFunction(() => document.documentElement.hasAttribute('data-charts'));
      const layout = await layoutCheck(page, LAYOUT_CONTAINERS);
      await page.screenshot({ path: `/tmp/bench-report-repeats-${width}.png`, fullPage: true });
      // The containers were there: 4 variant cards, 4 phase tables with their headings, 4 spectra.
      expect(layout.siblings).toMatchObject({ '.cards': 4, '.compare-grid': 4, '.compare-phase': 8, '.spectrum-grid': 4 });
      expect.soft(layout.overlaps).toEqual([]);
      expect(layout.scrollWidth).toBeLessThanOrEqual(layout.innerWidth);
      expect(problems).toEqual({ console: [], requests: [] });
      await page.close();
    });
  }

  it('draws every chart, each variant with its band across repeats on the latency timeline', async (ctx) => {
    if (skipReason) return ctx.skip();
    const { page, problems } = await open(join(repeatsDir, 'report.html'));
    await page.waitForFunction(() => document.documentElement.hasAttribute('data-charts'));
    const charts = await chartPixels(page);
    // Errors only for the variants that failed requests (no-guard and xfetch in the flush).
    expect(charts.map((c) => c.kind)).toEqual(['rps', 'latency', 'errors', 'errors', 'spectrum', 'spectrum', 'spectrum', 'spectrum']);
    for (const chart of charts) {
      expect(chart.painted, `${chart.kind} chart is blank`).toBeGreaterThan(1000);
      expect(chart.missing, `${chart.kind} chart lacks series colours`).toEqual([]);
    }
    const latency = charts[1]!;
    for (const [colour, n] of Object.entries(latency.bandPixels)) expect(n, `no repeat band in ${colour}`).toBeGreaterThan(BAND_PIXELS);
    // Only the latency chart has bands.
    expect(Object.values(charts[0]!.bandPixels).every((n) => n < BAND_PIXELS)).toBe(true);
    expect(await page.locator('table.compare svg.whisker').count()).toBeGreaterThan(100);
    expect(problems).toEqual({ console: [], requests: [] });
    await page.close();
  });
});

describe('report.html in headless Chromium', () => {
  it('is rewritten by `bench report DIR --junit FILE` and the index by `bench report --index`', async (ctx) => {
    if (skipReason) return ctx.skip();
    const junit = join(out, 'ci', 'junit.xml');
    const report = await runCli(['report', runDir, '--junit', junit]);
    expect(report.exitCode, report.stderr).toBe(0);
    expect(report.stdout).toContain(`rewrote ${join(runDir, 'report.html')}`);
    expect(report.stdout).toContain(`wrote ${junit} (6 thresholds)`);
    const index = await runCli(['report', '--index', '--results', out]);
    expect(index.exitCode, index.stderr).toBe(0);
    expect(index.stdout).toContain(': 1 run\n');
    const missing = await runCli(['report']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('--index');
  });

  it('loads with no console error and no network request, and draws every chart', async (ctx) => {
    if (skipReason) return ctx.skip();
    const { page, problems } = await open(join(runDir, 'report.html'));
    await page.waitForFunction(() => document.documentElement.hasAttribute('data-charts'));

    const charts = await chartPixels(page);
    expect(charts.map((c) => c.kind)).toEqual(['rps', 'latency', 'errors', 'errors', 'spectrum', 'spectrum', 'spectrum', 'spectrum']);
    for (const chart of charts) {
      expect(chart.painted, `${chart.kind} chart is blank`).toBeGreaterThan(1000);
      // Every series is drawn: its colour is on the canvas.
      expect(chart.missing, `${chart.kind} chart lacks series colours`).toEqual([]);
    }
    // Without repeats there is no band to draw.
    expect(Object.values(charts[1]!.bandPixels).every((n) => n < BAND_PIXELS)).toBe(true);

    const screenshot = await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(await distinctColours(screenshot)).toBeGreaterThan(100);
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: PRINT_SCREENSHOT, fullPage: true });
    expect(problems).toEqual({ console: [], requests: [] });
    await page.close();
  });

  it('writes JUnit XML that a browser parses as well-formed XML', async (ctx) => {
    if (skipReason) return ctx.skip();
    const xml = await readFile(join(out, 'ci', 'junit.xml'), 'utf8');
    const page = await browser!.newPage();
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        suites: doc.querySelectorAll('testsuite').length,
        cases: doc.querySelectorAll('testcase').length,
        failures: [...doc.querySelectorAll('failure')].map((f: any) => f.getAttribute('message') as string),
      };
    }, xml);
    await page.close();
    expect(parsed.error).toBeNull();
    expect(parsed).toMatchObject({ suites: 1, cases: 6 });
    expect(parsed.failures).toHaveLength(2);
    expect(parsed.failures[0]).toMatch(/^flush\.p99 < 250ms: actual \d+ ms, expected < 250ms$/);
  });

  it('lists the run in results/index.html with a working link to its report', async (ctx) => {
    if (skipReason) return ctx.skip();
    const { page, problems } = await open(join(out, 'index.html'));
    const href = await page.locator('table.runs a').first().getAttribute('href');
    expect(href).toBe(`cache-stampede/${fixture.result.runId}/report.html`);
    expect(await page.locator('table.runs').innerText()).toContain('no-coalescing');
    await page.screenshot({ path: INDEX_SCREENSHOT, fullPage: true });
    expect(problems).toEqual({ console: [], requests: [] });
    await page.close();
  });

  it('renders an aborted run without a timeline or histograms, warning at the top', async (ctx) => {
    if (skipReason) return ctx.skip();
    const result = { ...fixtureRunResult(), status: 'aborted' as const, reason: 'interrupted (SIGINT)' };
    const file = join(out, 'aborted.html');
    await writeFile(file, renderHtmlReport(result, { timeline: [] }).content);
    const { page, problems } = await open(file, { width: 420, height: 800 });
    await page.waitForFunction(() => document.documentElement.hasAttribute('data-charts'));
    expect(await page.locator('.warnings li').first().innerText()).toContain('The run was aborted.');
    expect(await page.locator('figure[data-chart="spectrum"] canvas').count()).toBe(2);
    expect(problems).toEqual({ console: [], requests: [] });
    await page.close();
  });
});
