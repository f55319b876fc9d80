// Toxiproxy toxics on any edge, one table row per toxic (Toxiproxy keeps one small file per toxic; here each
// is only a mapping of our option names, with units, to its attributes).
import type { TopologyShape } from '../../topology/topology-shape.ts';
import { once, type Fault, type FaultOf, type ShapeProblem } from '../fault.ts';

type ToxicKind = 'latency' | 'bandwidth' | 'timeout' | 'reset-peer' | 'slicer' | 'limit-data';

const toxics: {
  [K in ToxicKind]: {
    type: string;
    describe: string;
    attributes: (spec: FaultOf<K>) => Record<string, number>;
    summary: (spec: FaultOf<K>) => string;
  };
} = {
  latency: {
    type: 'latency',
    describe: 'add latency with jitter to an edge',
    attributes: (s) => ({ latency: s.latencyMs, jitter: s.jitterMs ?? 0 }),
    summary: (s) => `+${s.latencyMs} ms${s.jitterMs ? ` ±${s.jitterMs} ms` : ''}`,
  },
  bandwidth: {
    type: 'bandwidth',
    describe: 'limit an edge’s bandwidth',
    attributes: (s) => ({ rate: s.rateKBps }),
    summary: (s) => `${s.rateKBps} KB/s`,
  },
  timeout: {
    type: 'timeout',
    describe: 'blackhole an edge: data is dropped, the connection closes after timeoutMs (0: never)',
    attributes: (s) => ({ timeout: s.timeoutMs }),
    summary: (s) => `blackhole, close after ${s.timeoutMs} ms`,
  },
  'reset-peer': {
    type: 'reset_peer',
    describe: 'reset connections on an edge (TCP RST)',
    attributes: (s) => ({ timeout: s.timeoutMs ?? 0 }),
    summary: (s) => `reset connections${s.timeoutMs ? ` after ${s.timeoutMs} ms` : ''}`,
  },
  slicer: {
    type: 'slicer',
    describe: 'slice data on an edge into small delayed packets',
    attributes: (s) => ({ average_size: s.averageSizeBytes, size_variation: s.sizeVariationBytes ?? 0, delay: s.delayUs ?? 0 }),
    summary: (s) => `slices of ~${s.averageSizeBytes} B`,
  },
  'limit-data': {
    type: 'limit_data',
    describe: 'close an edge’s connections after N bytes',
    attributes: (s) => ({ bytes: s.bytes }),
    summary: (s) => `close after ${s.bytes} B`,
  },
};

let counter = 0;

/** The edge must be one of this topology's Toxiproxy edges. */
function validateEdge(spec: { readonly edge?: unknown }, shape: TopologyShape): ShapeProblem[] {
  if (typeof spec.edge !== 'string' || shape.edges.includes(spec.edge)) return [];
  const edges = shape.edges.map((e) => `"${e}"`).join(', ');
  return [
    { field: 'edge', message: `must be one of ${edges}, got string "${spec.edge}"`, hint: `set it to one of: ${shape.edges.join(', ')}` },
  ];
}

function toxicFault<K extends ToxicKind>(kind: K): Fault<K> {
  const row = toxics[kind];
  return {
    kind,
    describe: row.describe,
    validate: validateEdge,
    async apply(spec, ctx) {
      const edge = spec as FaultOf<ToxicKind>;
      const name = `bench-${kind}-${++counter}`;
      const stream = edge.stream ?? 'downstream';
      await ctx.topology.toxiproxy.addToxic(edge.edge, {
        name,
        type: row.type,
        stream,
        toxicity: edge.toxicity ?? 1,
        attributes: row.attributes(spec),
      });
      const share = edge.toxicity !== undefined && edge.toxicity < 1 ? ` on ${Math.round(edge.toxicity * 100)}% of connections` : '';
      return once(`${kind} on ${edge.edge} (${stream}): ${row.summary(spec)}${share}`, () =>
        ctx.topology.toxiproxy.removeToxic(edge.edge, name),
      );
    },
  };
}

export const toxicFaults = Object.fromEntries((Object.keys(toxics) as ToxicKind[]).map((k) => [k, toxicFault(k)])) as {
  [K in ToxicKind]: Fault<K>;
};

/** The edge stops accepting and drops its connections: the dependency is down. */
export const downFault: Fault<'down'> = {
  kind: 'down',
  validate: validateEdge,
  describe: 'take an edge down (Toxiproxy disables the proxy); rollback re-enables it',
  async apply(spec, ctx) {
    await ctx.topology.toxiproxy.setEnabled(spec.edge, false);
    return once(`${spec.edge} down`, () => ctx.topology.toxiproxy.setEnabled(spec.edge, true));
  },
};
