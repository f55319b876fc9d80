// Checks an experiment's `topology.service` against the topology it runs in; every problem, before anything starts.
// Placeholders are checked later, against the planned topology (service-spec.ts), where their names are known.
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join as joinPath, resolve } from 'node:path';
import type { Issue } from '../errors/bench-error.ts';
import { parseSelector } from '../dependencies/service/prometheus-text.ts';
import { TASK_API_ONLY_PARAMS } from '../topology/roles/task-api.ts';
import { SERVICE_FIELDS, type ServiceConfig } from '../topology/service/service-config.ts';
import { IssueList, checkInteger, checkNumber, describe as show, isObject, type Obj } from './checks.ts';

/** Kinds that put a balancer in front of the replicas, so `replicas` means something. */
const BALANCED = new Set(['lb', 'cache', 'replicas', 'sharded', 'regions', 'queue']);
const SQL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const RESERVED_DATABASES = new Set(['postgres', 'template0', 'template1']);

export interface ServiceContext {
  /** The topology object the service sits in (kind and parameters as the experiment gives them). */
  topology: Obj;
  /** Field path of that topology, e.g. `topology` or `variants[1].topology`. */
  at: string;
  /** Relative `build`, `init` and `seed` paths are read from here (the experiment file's directory). */
  baseDir: string;
  file?: string | undefined;
}

export function validateService(value: unknown, ctx: ServiceContext): Issue[] {
  const list = new IssueList(ctx.file);
  const { issues } = list;
  const at = `${ctx.at}.service`;
  const add: Add = (path, message, hint) => list.add(path, message, hint);
  if (!isObject(value)) {
    add(at, `must be an object, got ${show(value)}`, "e.g. service: { image: 'my-api:1.0', env: { DATABASE_URL: '{postgres.url}/app' } }");
    return issues;
  }
  for (const key of Object.keys(value))
    if (!(SERVICE_FIELDS as readonly string[]).includes(key))
      add(`${at}.${key}`, `unknown field "${key}"`, `known fields: ${SERVICE_FIELDS.join(', ')}`);
  checkSource(value, at, ctx.baseDir, add);
  if (
    value.command !== undefined &&
    (!Array.isArray(value.command) || value.command.length === 0 || value.command.some((c) => typeof c !== 'string'))
  ) {
    add(
      `${at}.command`,
      `must be a non-empty array of strings (argv, no shell), got ${show(value.command)}`,
      "e.g. ['python3', '/app/server.py']",
    );
  }
  if (value.env !== undefined && (!isObject(value.env) || Object.values(value.env).some((v) => typeof v !== 'string'))) {
    add(`${at}.env`, 'must map variable names to strings', "e.g. { DATABASE_URL: '{postgres.url}/app', PORT: '{port}' }");
  }
  if (value.healthPath !== undefined && (typeof value.healthPath !== 'string' || !value.healthPath.startsWith('/'))) {
    add(
      `${at}.healthPath`,
      `must be a path starting with "/", got ${show(value.healthPath)}`,
      'e.g. "/healthz": it must answer 200 once the service is ready',
    );
  }
  if (value.readyTimeoutMs !== undefined)
    checkInteger(
      list,
      value.readyTimeoutMs,
      `${at}.readyTimeoutMs`,
      1_000,
      600_000,
      'how long the service may take to become ready, ms, e.g. 60000',
    );
  if (value.cpus !== undefined) checkNumber(list, value.cpus, `${at}.cpus`, 0.05, 64, 'CPU limit per replica in cores, e.g. 0.5');
  if (value.memoryMb !== undefined)
    checkInteger(list, value.memoryMb, `${at}.memoryMb`, 32, 65_536, 'memory limit per replica, MiB, e.g. 256');
  if (value.replicas !== undefined) checkInteger(list, value.replicas, `${at}.replicas`, 1, 16, 'replicas behind the balancer, e.g. 2');
  if (value.port !== undefined)
    checkInteger(list, value.port, `${at}.port`, 1_024, 65_535, 'the port it listens on; better: let it read {port}');
  if (value.databases !== undefined) checkDatabases(value.databases, `${at}.databases`, ctx.baseDir, add);
  if (value.metrics !== undefined) checkMetrics(value.metrics, `${at}.metrics`, add);
  issues.push(...serviceTopologyIssues(value as ServiceConfig, ctx));
  return issues;
}

/** What the service's topology must allow; checked for the base topology and again for each variant's. */
export function serviceTopologyIssues(value: ServiceConfig, ctx: Omit<ServiceContext, 'baseDir'>): Issue[] {
  const list = new IssueList(ctx.file);
  const at = `${ctx.at}.service`;
  const add: Add = (path, message, hint) => list.add(path, message, hint);
  const kind = String(ctx.topology.kind);
  // One number in two places would leave the reader guessing which one won.
  for (const [field, param] of [
    ['cpus', 'serviceCpus'],
    ['memoryMb', 'serviceMemoryMb'],
    ['replicas', 'replicas'],
  ] as const) {
    if (value[field] !== undefined && ctx.topology[param] !== undefined)
      add(`${at}.${field}`, `is also set as ${ctx.at}.${param}`, `set one of them`);
  }
  if (value.replicas !== undefined && !BALANCED.has(kind))
    add(
      `${at}.replicas`,
      `topology ${kind} has one replica and no balancer`,
      'remove it, or use a topology with a balancer, e.g. kind: "lb"',
    );
  const replicas = Number(value.replicas ?? ctx.topology.replicas ?? (BALANCED.has(kind) ? 2 : 1));
  if (value.port !== undefined && (replicas > 1 || kind === 'regions')) {
    add(
      `${at}.port`,
      `a fixed port allows one replica, and this topology runs ${kind === 'regions' ? 'one per region at least' : replicas}`,
      "let the service listen on the port bench gives it: env: { PORT: '{port}' }, and drop port",
    );
  }
  if (kind === 'queue')
    add(
      `${ctx.at}.kind`,
      "the queue topology runs the reference service's own workers, which another service does not have",
      'use lb, cache, replicas or sharded with your service',
    );
  for (const param of TASK_API_ONLY_PARAMS) {
    if (ctx.topology[param] !== undefined)
      add(
        `${ctx.at}.${param}`,
        'is a switch of the reference task-api, which this experiment replaces with its own service',
        `remove it; configure your service through ${at}.env`,
      );
  }
  return list.issues;
}

type Add = (path: string, message: string, hint: string) => void;

function checkSource(value: Obj, at: string, baseDir: string, add: Add): void {
  if ((value.image === undefined) === (value.build === undefined)) {
    add(
      at,
      value.image === undefined ? 'has neither image nor build' : 'has both image and build',
      "give one: image: 'my-api:1.0' (local or pullable), or build: './my-api' (a directory with a Dockerfile)",
    );
    return;
  }
  if (value.image !== undefined && (typeof value.image !== 'string' || !/^[a-z0-9][\w.\-/:@]*$/i.test(value.image))) {
    add(
      `${at}.image`,
      `must be an image reference, got ${show(value.image)}`,
      "e.g. 'my-api:1.0' or 'registry.example.com/team/api@sha256:...'",
    );
  }
  if (value.build !== undefined) {
    if (typeof value.build !== 'string' || value.build.length === 0)
      return add(`${at}.build`, `must be a directory path, got ${show(value.build)}`, "e.g. './my-api', relative to the experiment file");
    const dir = pathFrom(baseDir, value.build);
    if (!existsSync(joinPath(dir, 'Dockerfile')))
      add(
        `${at}.build`,
        `${dir} has no Dockerfile`,
        'point it at the directory that holds the Dockerfile (relative to the experiment file)',
      );
  }
}

function checkDatabases(databases: unknown, at: string, baseDir: string, add: Add): void {
  if (!Array.isArray(databases))
    return add(at, `must be an array, got ${show(databases)}`, "e.g. [{ name: 'app', init: 'schema.sql', seed: 'seed.sql' }]");
  const seen = new Set<string>();
  databases.forEach((db: unknown, i) => {
    const here = `${at}[${i}]`;
    if (!isObject(db)) return add(here, `must be an object, got ${show(db)}`, "{ name: 'app', init: 'schema.sql' }");
    for (const key of Object.keys(db))
      if (!['name', 'init', 'seed'].includes(key)) add(`${here}.${key}`, `unknown field "${key}"`, 'known fields: name, init, seed');
    if (typeof db.name !== 'string' || !SQL_NAME.test(db.name) || RESERVED_DATABASES.has(db.name)) {
      add(`${here}.name`, `must be a lowercase SQL name other than postgres and the templates, got ${show(db.name)}`, 'e.g. "app"');
    } else if (seen.has(db.name)) add(`${here}.name`, `"${db.name}" is listed twice`, 'list each database once');
    else seen.add(db.name);
    for (const field of ['init', 'seed'] as const) {
      const file = db[field];
      if (file === undefined) continue;
      if (typeof file !== 'string' || !isSqlFile(pathFrom(baseDir, file)))
        add(
          `${here}.${field}`,
          `must name an SQL file that exists, got ${show(file)}`,
          `a path relative to the experiment file, e.g. "${field === 'init' ? 'schema' : 'seed'}.sql"`,
        );
    }
  });
}

/** A figure name as thresholds spell it (`service.all.<figure>.mean`); `replicas` is what `all` counts. */
const FIGURE_NAME = /^[A-Za-z][A-Za-z0-9]*$/;

function checkMetrics(metrics: unknown, at: string, add: Add): void {
  const example =
    "e.g. { path: '/metrics', counters: { ordersPerSec: 'shop_orders_total' }, gauges: { poolWaiting: 'shop_db_pool_waiting' } }";
  if (!isObject(metrics)) return add(at, `must be an object, got ${show(metrics)}`, example);
  for (const key of Object.keys(metrics))
    if (!['path', 'counters', 'gauges'].includes(key))
      add(`${at}.${key}`, `unknown field "${key}"`, 'known fields: path, counters, gauges');
  if (typeof metrics.path !== 'string' || !metrics.path.startsWith('/'))
    add(
      `${at}.path`,
      `must be a path starting with "/", got ${show(metrics.path)}`,
      'where each replica answers Prometheus text, e.g. "/metrics"',
    );
  const seen = new Set<string>();
  for (const group of ['counters', 'gauges'] as const) {
    const map = metrics[group];
    if (map === undefined) continue;
    if (!isObject(map)) {
      add(`${at}.${group}`, `must map figure names to Prometheus selectors, got ${show(map)}`, example);
      continue;
    }
    for (const [figure, selector] of Object.entries(map)) {
      const here = `${at}.${group}.${figure}`;
      if (!FIGURE_NAME.test(figure) || figure === 'replicas')
        add(
          here,
          `"${figure}" cannot be a figure name`,
          'use letters and digits, starting with a letter (not "replicas"), e.g. ordersPerSec',
        );
      else if (seen.has(figure)) add(here, `"${figure}" is both a counter and a gauge`, 'give each figure one name');
      seen.add(figure);
      if (typeof selector !== 'string' || parseSelector(selector) === null) {
        add(
          here,
          `must be a Prometheus series name or selector, got ${show(selector)}`,
          'e.g. "shop_orders_total" or \'shop_orders_total{status="ok"}\' (the matching series are summed)',
        );
      }
    }
  }
  if (metrics.counters === undefined && metrics.gauges === undefined) add(at, 'names no figures', `add counters or gauges, ${example}`);
}

const isSqlFile = (path: string): boolean => existsSync(path) && statSync(path).isFile();

export const pathFrom = (baseDir: string, path: string): string => (isAbsolute(path) ? path : resolve(baseDir, path));

/** The service with its paths made absolute, for code that runs after validation (from any directory). */
export function withAbsolutePaths(service: ServiceConfig, baseDir: string): ServiceConfig {
  return {
    ...service,
    ...(service.build !== undefined ? { build: pathFrom(baseDir, service.build) } : {}),
    ...(service.databases
      ? {
          databases: service.databases.map((db) => ({
            ...db,
            ...(db.init !== undefined ? { init: pathFrom(baseDir, db.init) } : {}),
            ...(db.seed !== undefined ? { seed: pathFrom(baseDir, db.seed) } : {}),
          })),
        }
      : {}),
  };
}
