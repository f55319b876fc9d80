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
import { fixtureRunResult } from './fixtures/run-result.ts';
import { writeRun } from '../src/results/write-run.ts';
import { runCli } from './cli.ts';
import { CHROMIUM_ARGS, ensureChromium } from './fixtures/chromium.ts';
import { reportRunFixture } from './fixtures/report-run.ts';
import { repeatsRunFixture } from './fixtures/report-run-repeats.ts';
import { BAND_PIXELS, chartPixels, layoutCheck } from './fixtures/report-page-checks.ts';

// Browser globals, used only inside page.evaluate() callbacks, which run in Chromium (the tsconfig has no DOM lib).
declare const document: any;
declare const DOMParser: any;
declare const Image: any;
declare const OffscreenCanvas: any;

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

const LAYOUT_CONTAINERS = [
  'main',
  'main > section',
  '.cards',
  '.compare-grid',
  '.compare-phase',
  '.spectrum-grid',
  '.timing-grid',
  '.stack',
];

describe('report.html layout of a 4-variant run with repeats', () => {
  for (const width of [1000, 1400, 1920]) {
    it(`at ${width} px: no table, card or chart overlaps a sibling, and the page does not scroll sideways`, async (ctx) => {
      if (skipReason) return ctx.skip();
      const { page, problems } = await open(join(repeatsDir, 'report.html'), { width, height: 1000 });
      await page.waitForFunction(() => document.documentElement.hasAttribute('data-charts'));
      const layout = await layoutCheck(page, LAYOUT_CONTAINERS);
      await page.screenshot({ path: `/tmp/bench-report-repeats-${width}.png`, fullPage: true });
      // The containers were there: 4 variant cards, 4 phase tables with their headings (and the flush's 3 drop notes),
      // 4 spectra, and per phase a breakdown grid of 2 column headings and 4 variants x (name + 2 bars), each bar of 2
      // or 3 segments.
      expect(layout.siblings).toMatchObject({
        '.cards': 4,
        '.compare-grid': 4,
        '.compare-phase': 11,
        '.spectrum-grid': 4,
        '.timing-grid': 56,
      });
      expect(layout.siblings['.stack']).toBeGreaterThanOrEqual(64);
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

    // Where the time went: the flush's slowest 1% is database time, and coalescing's is far shorter.
    const bars = await page.evaluate(() => {
      const flush = [...document.querySelectorAll('.timing-phase')].find((el: any) => el.querySelector('h3').textContent === 'flush');
      const cells = [...flush.querySelectorAll('.timing-cell[data-slice="slowest1pct"] .stack')] as any[];
      return cells.map((stack) => {
        const width = (el: any): number => el.getBoundingClientRect().width;
        const db = stack.querySelector('[data-component="db"]');
        return {
          stack: width(stack),
          filled: [...stack.children].reduce((n: number, el: any) => n + width(el), 0),
          db: db ? width(db) : 0,
        };
      });
    });
    expect(bars).toHaveLength(4);
    const [noGuard, coalescing] = bars;
    expect(noGuard!.db / noGuard!.filled).toBeGreaterThan(0.95);
    expect(noGuard!.filled).toBeGreaterThan(noGuard!.stack * 0.95);
    expect(coalescing!.filled).toBeLessThan(noGuard!.filled / 3);
    expect(await page.locator('#server-timing .drop-note').count()).toBe(3);
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
    expect(await page.locator('table.runs').textContent()).toContain('no-coalescing');
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
    expect(await page.locator('.warnings li').first().textContent()).toContain('The run was aborted.');
    expect(await page.locator('figure[data-chart="spectrum"] canvas').count()).toBe(2);
    expect(problems).toEqual({ console: [], requests: [] });
    await page.close();
  });
});
