// A topology planned with the experiment's own service: its env filled from what the kind starts, the balancer
// checking its health path, no reference counters scraped, and its databases on every primary and shard.
import { describe, expect, it } from 'vitest';
import { BenchError } from '../../errors/bench-error.ts';
import { COMPOSE_IMAGES, fixedPorts } from '../compose/render-compose.ts';
import { topologyDefinition, type TopologyKind } from '../registry.ts';
import type { ServiceConfig } from './service-config.ts';

const plan = (kind: TopologyKind, params: Record<string, unknown>, service?: ServiceConfig) =>
  topologyDefinition(kind).plan({ kind, ...params, ...(service ? { service } : {}) } as never, {
    images: COMPOSE_IMAGES,
    port: fixedPorts(),
  });

const service: ServiceConfig = {
  image: 'my-api:1.0',
  command: ['/bin/api', '--serve', '--listen=127.0.0.1:{port}'],
  env: { PORT: '{port}', NAME: '{instance}', DATABASE_URL: '{postgres.url}/app', READS: '{replicas.urls}', CACHE: '{redis.url}' },
  healthPath: '/healthz',
  replicas: 3,
  cpus: 0.25,
  databases: [{ name: 'app' }],
};

describe("a topology with the experiment's own service", () => {
  it('runs the image with its env filled, behind a balancer that checks its health path', async () => {
    const p = await plan('replicas', { dbReplicas: 2 }, service);
    const replicas = p.stages.flat().filter((s) => s.role.startsWith('service-'));
    expect(replicas.map((s) => s.role)).toEqual(['service-1', 'service-2', 'service-3']);
    const first = replicas[0]!;
    expect(first.image).toBe('my-api:1.0');
    // The command takes the same placeholders, for a server that reads its port from its arguments.
    expect(first.cmd).toEqual([
      '/bin/api',
      '--serve',
      `--listen=127.0.0.1:${first.wait!.kind === 'http' ? new URL(first.wait!.url).port : ''}`,
    ]);
    expect(first.cpus).toBe(0.25);
    const proxyPort = p.proxies.find((x) => x.name === 'postgres')!.listen.split(':')[1];
    expect(first.env).toEqual({
      PORT: first.wait!.kind === 'http' ? new URL(first.wait!.url).port : '',
      NAME: 'service-1',
      DATABASE_URL: `postgres://postgres@127.0.0.1:${proxyPort}/app`,
      READS: expect.stringMatching(/^postgres:\/\/postgres@127\.0\.0\.1:\d+,postgres:\/\/postgres@127\.0\.0\.1:\d+$/),
      CACHE: expect.stringMatching(/^redis:\/\/127\.0\.0\.1:\d+$/),
    });
    // Nothing of the reference service's leaks into another service's environment.
    expect(Object.keys(first.env!)).not.toContain('CACHE_MODE');
    expect(first.wait).toMatchObject({ kind: 'http', url: expect.stringMatching(/\/healthz$/) });
    const haproxy = p.stages.flat().find((s) => s.role === 'haproxy')!;
    expect(haproxy.env!.HAPROXY_CFG).toContain('/healthz');
    expect(p.metricsUrls).toEqual([]);
    expect(p.healthPath).toBe('/healthz');
    expect(p.databases).toEqual({
      servers: [expect.objectContaining({ role: 'postgres', port: expect.any(Number), replica: false })],
      create: [{ name: 'app' }],
    });
    expect(p.postgres.map((s) => `${s.role}${s.replica ? ' (replica)' : ''}`)).toEqual([
      'postgres',
      'postgres-replica-1 (replica)',
      'postgres-replica-2 (replica)',
    ]);
  });

  it('creates the databases on every shard, and refuses a placeholder the kind has no value for', async () => {
    const sharded = await plan(
      'sharded',
      { shards: 3 },
      { image: 'a:1', env: { SHARDS: '{shards.urls}', N: '{shards.count}' }, databases: [{ name: 'app' }] },
    );
    expect(sharded.databases.servers.map((s) => s.role)).toEqual(['postgres-shard-0', 'postgres-shard-1', 'postgres-shard-2']);
    expect(sharded.stages.flat().find((s) => s.role === 'service-1')!.env!.N).toBe('3');
    const error = await plan('sharded', { shards: 2 }, { image: 'a:1', env: { DATABASE_URL: '{postgres.url}/app' } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BenchError);
    expect((error as BenchError).issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'topology.service.env.DATABASE_URL: {postgres.url} is not something this topology has',
    ]);
    const command = await plan('lb', {}, { image: 'a:1', command: ['serve', '--cache={redis.url}'] }).catch((e: unknown) => e);
    expect((command as BenchError).issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'topology.service.command[1]: {redis.url} is not something this topology has',
    ]);
  });

  it('leaves the reference service as it was: its own variables, counters scraped, /health', async () => {
    const p = await plan('cache', { replicas: 2 });
    const replica = p.stages.flat().find((s) => s.role === 'service-1')!;
    expect(replica.env).toMatchObject({
      DATABASE_URL: expect.stringMatching(/\/postgres$/),
      CACHE_MODE: 'aside',
      REDIS_URL: expect.any(String),
    });
    expect(p.metricsUrls).toEqual(p.serviceUrls);
    expect(p.healthPath).toBe('/health');
    expect(p.databases.create).toEqual([]);
  });
});
