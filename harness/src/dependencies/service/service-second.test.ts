import { describe, expect, it } from 'vitest';
import { serviceSecond } from './service-second.ts';

const map = { path: '/metrics', counters: { ordersPerSec: 'shop_orders_total' }, gauges: { poolWaiting: 'shop_pool_waiting' } };

describe('serviceSecond', () => {
  it('gives counters as rates and gauges as values per replica, and their sums as `all`', () => {
    const from = new Map([
      ['service-1', { ordersPerSec: 100, poolWaiting: 0 }],
      ['service-2', { ordersPerSec: 50, poolWaiting: 1 }],
    ]);
    const to = new Map([
      ['service-1', { ordersPerSec: 150, poolWaiting: 2 }],
      ['service-2', { ordersPerSec: 75, poolWaiting: 3 }],
    ]);
    const s = serviceSecond(map, from, to, 500);
    expect(s['service-1']).toEqual({ ordersPerSec: 100, poolWaiting: 2 });
    expect(s['service-2']).toEqual({ ordersPerSec: 50, poolWaiting: 3 });
    expect(s.all).toEqual({ ordersPerSec: 150, poolWaiting: 5, replicas: 2 });
  });

  it('leaves out a replica that missed a reading, and a counter that went down (a restart)', () => {
    const from = new Map([
      ['service-1', { ordersPerSec: 100 }],
      ['service-2', { ordersPerSec: 50 }],
    ]);
    const to = new Map<string, Record<string, number>>([
      ['service-1', { ordersPerSec: 10, poolWaiting: 1 }],
      ['service-3', { ordersPerSec: 5 }],
    ]);
    const s = serviceSecond(map, from, to, 1000);
    expect(s['service-1']).toEqual({ poolWaiting: 1 });
    expect(s['service-3']).toBeUndefined();
    expect(s.all).toEqual({ poolWaiting: 1, replicas: 1 });
  });

  it('has nothing when no replica answered twice', () => {
    expect(serviceSecond(map, new Map(), new Map([['service-1', { ordersPerSec: 1 }]]), 1000)).toEqual({});
  });
});
