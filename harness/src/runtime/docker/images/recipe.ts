// What goes into each image. Everything here feeds the content hashes: change a recipe and the tag changes,
// so the next `bench setup` rebuilds exactly the images affected.
import { contentHash } from './content-hash.ts';

/** Bump to force every local image to rebuild (e.g. when the build procedure changes in a way not captured below). */
export const recipeVersion = '1';

export const repos = {
  stack: 'bench/stack',
  toxiproxy: 'bench/toxiproxy',
  taskApi: 'bench/task-api',
  /** Separate repository: switching flavors must not make one flavor's task API look like an outdated build of the other's. */
  taskApiOfficial: 'bench/task-api-official',
} as const;

export const labels = {
  contentHash: 'bench.content-hash',
  component: 'bench.image',
} as const;

export const stackSuite = 'bookworm';

/** One rootfs for postgres, redis and haproxy; libstdc++6 for the Node binary; procps/curl for debugging and probes. */
export const stackPackages: readonly string[] = [
  'postgresql-15',
  'redis-server',
  'haproxy',
  'ca-certificates',
  'libstdc++6',
  'procps',
  'curl',
];

/** PostgreSQL's server binaries (postgres, initdb, pg_ctl) are not on Debian's default PATH. */
export const stackPath = '/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Docs and man pages are dead weight in a container (the same trim Debian's -slim images make). */
const stackDpkgOptions: readonly string[] = ['path-exclude=/usr/share/man/*', 'path-exclude=/usr/share/doc/*'];

/** mmdebstrap with no mirror argument: it uses this machine's own apt sources (a local mirror works offline). */
export function mmdebstrapArgs(tarPath: string): string[] {
  return [
    '--variant=minbase',
    `--include=${stackPackages.join(',')}`,
    ...stackDpkgOptions.map((o) => `--dpkgopt=${o}`),
    stackSuite,
    tarPath,
  ];
}

/** Dockerfile instructions applied while importing the rootfs (`docker import --change`). */
export function stackImportChanges(): string[] {
  return [`ENV PATH=${stackPath}`];
}

export function stackHash(): string {
  return contentHash({
    recipe: recipeVersion,
    suite: stackSuite,
    packages: [...stackPackages].sort().join(','),
    dpkg: stackDpkgOptions.join('\n'),
    changes: stackImportChanges().join('\n'),
  });
}

export const toxiproxyVersion = '2.12.0';
export const toxiproxyModule = 'github.com/Shopify/toxiproxy/v2';

/** Static (CGO off), stripped, and with the version stamped in, so `toxiproxy-server -version` tells the truth. */
export function toxiproxyGoInstallArgs(): string[] {
  return [
    'install',
    '-trimpath',
    `-ldflags=-s -w -X ${toxiproxyModule}.Version=${toxiproxyVersion}`,
    `${toxiproxyModule}/cmd/server@v${toxiproxyVersion}`,
  ];
}

export function toxiproxyDockerfile(stackRef: string): string {
  return [
    `FROM ${stackRef}`,
    'COPY toxiproxy-server /usr/local/bin/toxiproxy-server',
    'CMD ["toxiproxy-server", "-host", "127.0.0.1"]',
    '',
  ].join('\n');
}

export function toxiproxyHash(stackTagHash: string): string {
  return contentHash({
    recipe: recipeVersion,
    version: toxiproxyVersion,
    goInstall: toxiproxyGoInstallArgs().join(' '),
    dockerfile: toxiproxyDockerfile(imageRef(repos.stack, stackTagHash)),
  });
}

export function taskApiDockerfile(stackRef: string): string {
  return [
    `FROM ${stackRef}`,
    'COPY node /usr/local/bin/node',
    'COPY server.js /app/server.js',
    'WORKDIR /app',
    'CMD ["node", "/app/server.js"]',
    '',
  ].join('\n');
}

/** The Node binary is identified by its version: hashing 120 MB on every setup would cost more than it tells. */
export function taskApiHash(input: { stackTagHash: string; bundle: Uint8Array; nodeVersion: string }): string {
  return contentHash({
    recipe: recipeVersion,
    bundle: input.bundle,
    node: input.nodeVersion,
    dockerfile: taskApiDockerfile(imageRef(repos.stack, input.stackTagHash)),
  });
}

/** The official flavor's task API: the project's own Dockerfile (FROM node:24-bookworm-slim) plus the bundle. */
export function officialTaskApiHash(input: { dockerfile: Uint8Array; bundle: Uint8Array }): string {
  return contentHash({ recipe: recipeVersion, flavor: 'official', dockerfile: input.dockerfile, bundle: input.bundle });
}

export function imageRef(repo: string, tag: string): string {
  return `${repo}:${tag}`;
}
