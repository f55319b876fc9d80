import { describe, expect, it } from 'vitest';
import { haproxySecond } from './haproxy-second.ts';
import { parseHaproxyCsv } from './haproxy-stats.ts';

// The columns HAProxy 2.6/3.0 print, cut to those read plus neighbours, in HAProxy's order.
const csv = (s2: string, h5: number, lastchg: number): string =>
  [
    '# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,hrsp_5xx,',
    'entry,FRONTEND,,,3,9,4096,100,0,0,0,0,0,,,,,OPEN,,,,,,,,,',
    'service,service-1,0,0,2,5,,50,0,0,,0,,0,0,0,0,UP,1,1,0,0,0,120,0,0,',
    `service,service-2,1,2,0,5,,50,0,0,,0,,3,0,2,1,${s2},1,1,0,4,1,${lastchg},3,${h5},`,
    'service,BACKEND,1,2,2,9,410,100,0,0,0,0,,3,0,2,1,UP,2,2,0,,1,120,0,0,',
  ].join('\n');

describe('HAProxy stats', () => {
  it("reads the service backend's servers from the CSV", () => {
    const servers = parseHaproxyCsv(csv('DOWN 1/2', 7, 3));
    expect([...servers.keys()]).toEqual(['service-1', 'service-2']);
    expect(servers.get('service-2')).toEqual({
      status: 'DOWN',
      sessions: 0,
      queue: 1,
      http5xx: 7,
      retries: 2,
      redispatches: 1,
      lastChangeSec: 3,
    });
  });

  it('turns two readings into a second, and a status change into a transition dated by HAProxy', () => {
    const { servers, transitions } = haproxySecond(parseHaproxyCsv(csv('UP', 2, 100)), parseHaproxyCsv(csv('DOWN', 7, 0)), 1000, 12_400);
    expect(servers['service-2']).toEqual({ up: 0, sessions: 0, queue: 1, http5xxPerSec: 5, retriesPerSec: 0, redispatchesPerSec: 0 });
    expect(servers['service-1']!.up).toBe(1);
    expect(transitions).toEqual([{ server: 'service-2', from: 'UP', to: 'DOWN', atMs: 12_400 }]);
  });
});
