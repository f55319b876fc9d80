// Which of the dependency sampler's figures report.html charts, per section, with titles and units. Curated: a row
// holds dozens of figures and most matter only in the per-phase tables; a section or figure missing here is not drawn.

/** How the browser formats a figure's values (all scaling is done in TypeScript). */
export type DependencyUnit = 'perSec' | 'count' | 'percent' | 'mb' | 'cores' | 'seconds' | 'bytes' | 'state';

export interface DependencyFigureSpec {
  /** Unique within its section; names the chart in the page. */
  key: string;
  title: string;
  unit: DependencyUnit;
  /** The row's figure drawn. */
  figure: string;
  /** Drawn instead for an instance that never reports `figure`; its series label says so. */
  fallback?: { figure: string; label: string };
  /** Only instances that never report this figure: another chart draws the others, in its own unit. */
  unlessFigure?: string;
  /** Multiplier on the row's value (a share 0..1 drawn as percent). */
  scale?: number;
  /** The y axis reaches at least this (100% for a ratio), so a flat 98% does not fill the chart. */
  yAtLeast?: number;
  /** Left out when every value is 0: figures that matter only when they happen (evictions, lock waits). */
  onlyNonZero?: boolean;
  /** A 0/1 state: one lane per instance, drawn while it is 1. */
  lanes?: boolean;
  /** Only these instances (the service's sum over its replicas, not each replica). */
  instances?: readonly string[];
}

export interface DependencySectionSpec {
  /** The row's key (containers, postgres, ...). */
  key: string;
  title: string;
  figures: DependencyFigureSpec[];
}

export const DEPENDENCY_SECTIONS: readonly DependencySectionSpec[] = [
  {
    key: 'postgres',
    title: 'PostgreSQL',
    figures: [
      // pg_stat_statements counts what the service asked for; without the extension, transactions are the next best.
      {
        key: 'statements',
        title: 'Statements per second',
        unit: 'perSec',
        figure: 'statementsPerSec',
        fallback: { figure: 'transactionsPerSec', label: 'transactions/s' },
      },
      { key: 'active', title: 'Active connections (running a statement)', unit: 'count', figure: 'active' },
      { key: 'lock-waits', title: 'Sessions waiting for a lock', unit: 'count', figure: 'lockWaits', onlyNonZero: true },
      { key: 'lag', title: 'Replication lag', unit: 'seconds', figure: 'replicationLagSec', onlyNonZero: true },
      {
        key: 'lag-bytes',
        title: 'Replication lag, bytes',
        unit: 'bytes',
        figure: 'replicationLagBytes',
        unlessFigure: 'replicationLagSec',
      },
    ],
  },
  {
    key: 'containers',
    title: 'Containers',
    figures: [
      { key: 'cpu', title: 'CPU, % of the container’s limit', unit: 'percent', figure: 'cpuOfLimit', scale: 100 },
      {
        key: 'cpu-cores',
        title: 'CPU, cores (containers without a CPU limit)',
        unit: 'cores',
        figure: 'cpuCores',
        unlessFigure: 'cpuOfLimit',
      },
      {
        key: 'throttled',
        title: 'CPU throttled, % of scheduler periods',
        unit: 'percent',
        figure: 'throttledShare',
        scale: 100,
        onlyNonZero: true,
      },
      { key: 'memory', title: 'Memory', unit: 'mb', figure: 'memoryMb' },
    ],
  },
  {
    key: 'redis',
    title: 'Redis',
    figures: [
      { key: 'commands', title: 'Commands per second', unit: 'perSec', figure: 'commandsPerSec' },
      { key: 'hit-ratio', title: 'Key hit ratio', unit: 'percent', figure: 'hitRatio', scale: 100, yAtLeast: 100 },
      { key: 'evictions', title: 'Evictions per second', unit: 'perSec', figure: 'evictionsPerSec', onlyNonZero: true },
    ],
  },
  {
    key: 'haproxy',
    title: 'HAProxy',
    figures: [
      {
        key: 'up',
        title: 'Servers: a bar while HAProxy has the server UP, a gap while it is down',
        unit: 'state',
        figure: 'up',
        lanes: true,
      },
      { key: 'sessions', title: 'Current sessions per server', unit: 'count', figure: 'sessions' },
      { key: 'queue', title: 'Requests queued per server', unit: 'count', figure: 'queue', onlyNonZero: true },
    ],
  },
  {
    key: 'broker',
    title: 'Broker streams',
    figures: [
      { key: 'length', title: 'Stream length (entries)', unit: 'count', figure: 'length' },
      { key: 'lag', title: 'Consumer lag (entries not yet delivered to the furthest-behind group)', unit: 'count', figure: 'lag' },
      { key: 'pending', title: 'Pending (delivered, not yet acknowledged)', unit: 'count', figure: 'pending', onlyNonZero: true },
    ],
  },
];

/**
 * The service's own figures are named by its metrics map, so they are listed from the rows: each figure of the sum
 * over the replicas (`all`) that was ever non-zero, a rate when its name ends in PerSec.
 */
export function serviceSection(
  lines: ReadonlyArray<{ sections: Record<string, Record<string, Record<string, number>>> }>,
): DependencySectionSpec | null {
  const names = new Set<string>();
  for (const line of lines) for (const name of Object.keys(line.sections.service?.all ?? {})) if (name !== 'replicas') names.add(name);
  if (names.size === 0) return null;
  const figures = [...names].map(
    (name): DependencyFigureSpec => ({
      key: name,
      title: `${name}, summed over the replicas`,
      unit: /PerSec$/.test(name) ? 'perSec' : 'count',
      figure: name,
      onlyNonZero: true,
      instances: ['all'],
    }),
  );
  return { key: 'service', title: "The service's own metrics", figures };
}
