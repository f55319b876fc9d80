// What report.html inlines so it works offline: uPlot (script and CSS) from node_modules, and the report's own
// browser script. Read once per process; rendering itself stays pure (assets are passed in).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { infraError } from '../../errors/bench-error.ts';

export interface HtmlAssets {
  uplotJs: string;
  uplotCss: string;
  clientJs: string;
}

const require = createRequire(import.meta.url);
let cached: HtmlAssets | undefined;

export function loadHtmlAssets(): HtmlAssets {
  cached ??= {
    uplotJs: readAsset(() => require.resolve('uplot/dist/uPlot.iife.min.js')),
    uplotCss: readAsset(() => require.resolve('uplot/dist/uPlot.min.css')),
    clientJs: readAsset(() => fileURLToPath(new URL('./report-client.js', import.meta.url))),
  };
  return cached;
}

function readAsset(locate: () => string): string {
  let path = '(unresolved)';
  try {
    path = locate();
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw infraError(
      `cannot read the HTML report asset ${path}`,
      'Run `npm ci` in the bench directory (report.html inlines uPlot from node_modules).',
      cause,
    );
  }
}
