import { describe, expect, it } from 'vitest';
import { officialImages } from '../../images.ts';
import { planImages } from './plan.ts';
import { mmdebstrapArgs, stackPackages } from './recipe.ts';

const bundle = Buffer.from('console.log("task api")');
const local = (overrides: { bundle?: Buffer; nodeVersion?: string } = {}) =>
  planImages({ flavor: 'local', bundle: overrides.bundle ?? bundle, nodeVersion: overrides.nodeVersion ?? 'v24.21.0' });

describe('planImages (local)', () => {
  it('gives the same tags for the same inputs', () => {
    expect(local().set).toEqual(local().set);
  });

  it('uses one stack image for postgres, redis and haproxy, tagged by content hash', () => {
    const { set, images } = local();
    expect(set.postgres).toMatch(/^bench\/stack:[0-9a-f]{12}$/);
    expect(set.redis).toBe(set.postgres);
    expect(set.haproxy).toBe(set.postgres);
    expect(set.toxiproxy).toMatch(/^bench\/toxiproxy:[0-9a-f]{12}$/);
    expect(set.taskApi).toMatch(/^bench\/task-api:[0-9a-f]{12}$/);
    expect(images.map((i) => i.component)).toEqual(['stack', 'toxiproxy', 'task-api']);
  });

  it('changes only the task-api tag when the bundle changes', () => {
    const before = local().set;
    const after = local({ bundle: Buffer.from('console.log("task api v2")') }).set;
    expect(after.taskApi).not.toBe(before.taskApi);
    expect(after.postgres).toBe(before.postgres);
    expect(after.toxiproxy).toBe(before.toxiproxy);
  });

  it('changes the task-api tag when the Node version changes', () => {
    expect(local({ nodeVersion: 'v24.22.0' }).set.taskApi).not.toBe(local().set.taskApi);
  });
});

describe('planImages (official)', () => {
  const dockerfile = Buffer.from('FROM node:24-bookworm-slim\nCOPY dist/server.js /app/server.js\n');

  it('pulls the pinned upstream tags and builds only the task API', () => {
    const plan = planImages({ flavor: 'official', bundle, nodeVersion: 'v24.21.0', officialDockerfile: dockerfile });
    expect(plan.set).toMatchObject({ flavor: 'official', ...officialImages });
    expect(plan.images.filter((i) => i.how === 'pull').map((i) => i.ref)).toEqual(Object.values(officialImages));
    expect(plan.set.taskApi).toMatch(/^bench\/task-api-official:[0-9a-f]{12}$/);
    const other = planImages({ flavor: 'official', bundle, nodeVersion: 'v24.21.0', officialDockerfile: Buffer.from('FROM node:24\n') });
    expect(other.set.taskApi).not.toBe(plan.set.taskApi);
  });

  it('needs the Dockerfile', () => {
    expect(() => planImages({ flavor: 'official', bundle, nodeVersion: 'v24.21.0' })).toThrow(/Dockerfile/);
  });
});

describe('mmdebstrapArgs', () => {
  it('builds a minbase bookworm rootfs with every stack package and no mirror argument', () => {
    const args = mmdebstrapArgs('/tmp/x/stack.tar');
    expect(args[0]).toBe('--variant=minbase');
    expect(args).toContain(`--include=${stackPackages.join(',')}`);
    expect(args.slice(-2)).toEqual(['bookworm', '/tmp/x/stack.tar']);
    expect(stackPackages).toEqual(expect.arrayContaining(['postgresql-15', 'redis-server', 'haproxy', 'libstdc++6']));
  });
});
