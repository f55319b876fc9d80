#!/usr/bin/env node
// Launcher: the harness is TypeScript run by Node's type stripping (Node >= 22.19). When an older
// node started us, re-run under the Node that `npm ci` installed into node_modules.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const main = join(root, 'harness', 'src', 'cli', 'main.ts');
const [major, minor] = process.versions.node.split('.').map(Number);
const modern = major > 22 || (major === 22 && minor >= 19);

if (modern) {
  const { main: run } = await import(main);
  process.exitCode = await run(process.argv.slice(2));
} else {
  const bundled = join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(bundled)) {
    process.stderr.write(
      `error: bench needs Node >= 22.19 (this is ${process.version}).\nfix: run \`npm ci\` in ${root} (it installs Node 24 into node_modules), or use ./bench.\n`,
    );
    process.exit(3);
  }
  const child = spawnSync(bundled, [main, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}
