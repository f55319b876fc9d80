import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleTaskApi } from './bundle.ts';

// CLI for people building the image by hand: node targets/task-api/build.ts [outFile]
const defaultOut = fileURLToPath(new URL('./dist/server.js', import.meta.url));
const outFile = resolve(process.argv[2] ?? defaultOut);
await bundleTaskApi(outFile);
process.stdout.write(`task-api bundled to ${outFile}\n`);
