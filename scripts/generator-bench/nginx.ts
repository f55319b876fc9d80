// The target: nginx with one worker answering `200 ok` from memory on a free loopback port, no access log, one
// connection kept for (practically) ever. A second loopback port serves stub_status, whose request counter is the
// one request count every tool is measured by (wrk2 resets its own count after its 10 s calibration).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { findExecutable, systemDirs } from '../../harness/src/host/which.ts';
import { allocatePort } from '../../harness/src/runtime/ports.ts';
import { removeTempDir, startTracked, stopTracked, tempDir } from './processes.ts';

export interface Nginx {
  url: string;
  /** Requests nginx has served so far on the load port (stub_status counts its own requests too: subtract them). */
  served(): Promise<number>;
  stop(): Promise<void>;
}

export function findNginx(): string | undefined {
  return findExecutable('nginx', systemDirs);
}

export async function startNginx(nginx: string): Promise<Nginx> {
  const dir = tempDir('bench-gen-nginx-');
  const [port, statusPort] = [await allocatePort(), await allocatePort()];
  const conf = join(dir, 'nginx.conf');
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t};\n`).join('');
  writeFileSync(
    conf,
    `daemon off;\nworker_processes 1;\nworker_rlimit_nofile 20000;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;\n` +
      `events { worker_connections 10000; }\nhttp {\n  access_log off;\n  keepalive_requests 100000000;\n${temp}` +
      `  server {\n    listen 127.0.0.1:${port};\n    location / { return 200 'ok'; }\n  }\n` +
      `  server {\n    listen 127.0.0.1:${statusPort};\n    location / { stub_status; }\n  }\n}\n`,
  );
  const child = startTracked(nginx, ['-p', dir, '-c', conf]);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = `http://127.0.0.1:${port}/`;
  let up = false;
  for (let i = 0; i < 50 && !up && child.exitCode === null; i++) {
    up = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (!up) await delay(100);
  }
  if (!up) {
    await stopTracked(child, 'SIGKILL');
    removeTempDir(dir);
    throw new Error(`nginx did not answer on ${url} within 5 s: ${stderr.trim()}`);
  }
  // "Active connections: 1 \nserver accepts handled requests\n 12 12 40 \n...": the third line's third field.
  const requests = async (): Promise<number> =>
    Number((await (await fetch(`http://127.0.0.1:${statusPort}/`)).text()).split('\n')[2]!.trim().split(/\s+/)[2]);
  let statusCalls = 0;
  return {
    url,
    served: async () => (await requests()) - ++statusCalls,
    stop: async () => {
      await stopTracked(child, 'SIGQUIT');
      removeTempDir(dir);
    },
  };
}
