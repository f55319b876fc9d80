import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./src/main.ts', import.meta.url));

// ESM output cannot `require` Node built-ins from bundled CommonJS (pg, ioredis) without a real require.
const REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

// Bundles the task API into one self-contained file that runs with plain `node <outFile>`
// (no node_modules next to it), which is what the container image copies.
export async function bundleTaskApi(outFile: string): Promise<void> {
  await build({
    entryPoints: [ENTRY],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    // pg only loads pg-native when asked for `pg.native`, which this service never does.
    external: ['pg-native'],
    banner: { js: REQUIRE_BANNER },
    logLevel: 'warning',
    legalComments: 'none',
  });
}
