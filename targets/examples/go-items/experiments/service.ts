// go-items as the system under test: shared by its experiments. Build it once with ../build.sh (Go on the host);
// bench builds the image from ../Dockerfile with no network and creates the `items` database on every primary.
import type { ServiceConfig } from '../../../../harness/src/index.ts';

export const goItems: ServiceConfig = {
  build: '..',
  env: {
    HOST: '127.0.0.1',
    PORT: '{port}',
    // lib/pq asks for TLS unless told not to; the database is on loopback.
    DATABASE_URL: '{postgres.url}/items?sslmode=disable',
  },
  healthPath: '/health',
  databases: [{ name: 'items', init: '../schema.sql', seed: '../seed.sql' }],
};

/** GET /items/{key} over the 10,000 seeded items. */
export const readItems = {
  request: { method: 'GET' as const, path: '/items/{key}' },
  keys: { distribution: 'uniform' as const, count: 10_000 },
};
