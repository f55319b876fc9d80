import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateService, withAbsolutePaths } from './validate-service.ts';

const dir = mkdtempSync(join(tmpdir(), 'bench-service-'));
mkdirSync(join(dir, 'api'));
writeFileSync(join(dir, 'api', 'Dockerfile'), 'FROM scratch\n');
writeFileSync(join(dir, 'schema.sql'), 'CREATE TABLE t (id int);\n');

const check = (service: unknown, topology: Record<string, unknown> = { kind: 'lb' }) =>
  validateService(service, { topology, at: 'topology', baseDir: dir }).map((i) => `${i.path}: ${i.message}`);

describe('validateService', () => {
  it('accepts an image or a build directory, with databases whose files exist', () => {
    expect(check({ image: 'my-api:1.0', env: { DATABASE_URL: '{postgres.url}/app' } })).toEqual([]);
    expect(check({ build: 'api', databases: [{ name: 'app', init: 'schema.sql' }], healthPath: '/healthz', cpus: 0.5 })).toEqual([]);
  });

  it('collects every problem with its field', () => {
    const problems = check({
      build: 'nowhere',
      command: 'node x.js',
      env: { A: 1 },
      healthPath: 'health',
      cpus: 0,
      replicas: 40,
      colour: 'red',
    });
    expect(problems).toEqual([
      'topology.service.colour: unknown field "colour"',
      expect.stringMatching(/^topology\.service\.build: .*nowhere has no Dockerfile$/),
      'topology.service.command: must be a non-empty array of strings (argv, no shell), got string "node x.js"',
      'topology.service.env: must map variable names to strings',
      'topology.service.healthPath: must be a path starting with "/", got string "health"',
      'topology.service.cpus: must be a number from 0.05 to 64, got number 0',
      'topology.service.replicas: must be an integer from 1 to 16, got number 40',
    ]);
  });

  it('wants exactly one of image and build', () => {
    expect(check({})).toEqual(['topology.service: has neither image nor build']);
    expect(check({ image: 'a:1', build: 'api' })).toEqual(['topology.service: has both image and build']);
  });

  it('refuses what the topology cannot give it', () => {
    expect(check({ image: 'a:1', port: 8080 })).toEqual([
      'topology.service.port: a fixed port allows one replica, and this topology runs 2',
    ]);
    expect(check({ image: 'a:1', port: 8080 }, { kind: 'lb', replicas: 1 })).toEqual([]);
    expect(check({ image: 'a:1', replicas: 2 }, { kind: 'single' })).toEqual([
      'topology.service.replicas: topology single has one replica and no balancer',
    ]);
    expect(check({ image: 'a:1', cpus: 1 }, { kind: 'lb', serviceCpus: 1 })).toEqual([
      'topology.service.cpus: is also set as topology.serviceCpus',
    ]);
    expect(check({ image: 'a:1' }, { kind: 'queue' })).toEqual([
      expect.stringMatching(/^topology\.kind: the queue topology runs the reference service's own workers/),
    ]);
    expect(check({ image: 'a:1' }, { kind: 'cache', cacheMode: 'coalesce', dbPoolMax: 4 })).toEqual([
      'topology.dbPoolMax: is a switch of the reference task-api, which this experiment replaces with its own service',
      'topology.cacheMode: is a switch of the reference task-api, which this experiment replaces with its own service',
    ]);
  });

  it('checks the databases', () => {
    expect(
      check({ image: 'a:1', databases: [{ name: 'postgres' }, { name: 'app', seed: 'nope.sql' }, { name: 'app' }, { name: 'Bad-Name' }] }),
    ).toEqual([
      'topology.service.databases[0].name: must be a lowercase SQL name other than postgres and the templates, got string "postgres"',
      'topology.service.databases[1].seed: must name an SQL file that exists, got string "nope.sql"',
      'topology.service.databases[2].name: "app" is listed twice',
      'topology.service.databases[3].name: must be a lowercase SQL name other than postgres and the templates, got string "Bad-Name"',
    ]);
  });

  it('checks the metrics map: a path, figure names thresholds can spell, and selectors that parse', () => {
    expect(
      check({
        image: 'a:1',
        metrics: {
          path: '/metrics',
          counters: { ordersPerSec: 'shop_orders_total{status="ok"}' },
          gauges: { poolWaiting: 'shop_pool_waiting' },
        },
      }),
    ).toEqual([]);
    expect(
      check({
        image: 'a:1',
        metrics: {
          path: 'metrics',
          counters: { 'orders-per-sec': 'x_total', replicas: 'y', both: 'a{b="c"' },
          gauges: { both: 'z' },
          every: 1,
        },
      }),
    ).toEqual([
      'topology.service.metrics.every: unknown field "every"',
      'topology.service.metrics.path: must be a path starting with "/", got string "metrics"',
      'topology.service.metrics.counters.orders-per-sec: "orders-per-sec" cannot be a figure name',
      'topology.service.metrics.counters.replicas: "replicas" cannot be a figure name',
      'topology.service.metrics.counters.both: must be a Prometheus series name or selector, got string "a{b=\\"c\\""',
      'topology.service.metrics.gauges.both: "both" is both a counter and a gauge',
    ]);
    expect(check({ image: 'a:1', metrics: { path: '/metrics' } })).toEqual(['topology.service.metrics: names no figures']);
  });

  it("makes relative paths absolute from the experiment file's directory", () => {
    const service = withAbsolutePaths({ build: 'api', databases: [{ name: 'app', init: 'schema.sql' }] }, dir);
    expect(service.build).toBe(join(dir, 'api'));
    expect(service.databases![0]!.init).toBe(join(dir, 'schema.sql'));
    expect(withAbsolutePaths({ image: 'a:1' }, dir)).toEqual({ image: 'a:1' });
  });
});
