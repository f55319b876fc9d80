// Where bench keeps host-side build artefacts (Go binaries) between runs.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function benchCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BENCH_CACHE_DIR) return env.BENCH_CACHE_DIR;
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.length > 0 ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'bench');
}
