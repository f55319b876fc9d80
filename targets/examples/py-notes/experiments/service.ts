// py-notes as the system under test: shared by its experiments. Build its rootfs once with ../build.sh
// (mmdebstrap from this machine's apt sources); bench builds ../py-notes-image/Dockerfile with no network and
// creates the `notes` database on every primary before the replicas start. The image's inputs have a directory
// of their own because bench tags a build by the hash of everything in it: editing an experiment or the README
// must not rebuild (and re-hash, and re-send) a 120 MB rootfs.
import type { ServiceConfig } from '../../../../harness/src/index.ts';

export const pyNotes: ServiceConfig = {
  build: '../py-notes-image',
  env: {
    PORT: '{port}',
    // The database is on loopback and has no TLS: without sslmode=disable libpq asks for it first, one round
    // trip more on every new connection.
    DATABASE_URL: '{postgres.url}/notes?sslmode=disable',
  },
  healthPath: '/health',
  databases: [{ name: 'notes', init: '../schema.sql', seed: '../seed.sql' }],
};

/** GET /notes/{key} over the 10,000 seeded notes: one SELECT by primary key each. */
export const readNotes = {
  request: { method: 'GET' as const, path: '/notes/{key}' },
  keys: { distribution: 'uniform' as const, count: 10_000 },
};
