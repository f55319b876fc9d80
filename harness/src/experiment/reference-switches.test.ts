import { describe, expect, it } from 'vitest';
import { validateExperiment } from './validate.ts';

const experiment = (topology: Record<string, unknown>, variants?: unknown[]): Record<string, unknown> => ({
  name: 'switches',
  topology,
  load: {
    driver: 'closed',
    connections: 4,
    request: { method: 'GET', path: '/tasks/{key}' },
    keys: { distribution: 'uniform', count: 100 },
  },
  phases: [{ name: 'steady', durationMs: 5000 }],
  ...(variants ? { variants } : {}),
});

const found = async (value: Record<string, unknown>): Promise<string[][]> =>
  (await validateExperiment(value, 'x.ts', [0, 1])).map((i) => [i.path, i.message, i.hint]);

describe("the reference service's switches (serviceEnv)", () => {
  it('accepts the switches it reads', async () => {
    const variants = [
      { name: 'off', serviceEnv: { BREAKER: 'off' } },
      { name: 'on', serviceEnv: { BREAKER: 'on', BREAKER_WINDOW_MS: '2000', RETRY_ATTEMPTS: '3' } },
    ];
    expect(await found(experiment({ kind: 'lb', serviceEnv: { DB_CALL_TIMEOUT_MS: '1000' } }, variants))).toEqual([]);
  });

  it('refuses a variable it does not read, where it is written, with the near name', async () => {
    const variants = [{ name: 'a' }, { name: 'b', serviceEnv: { RETRY_ATTEMPT: '3' } }];
    expect(await found(experiment({ kind: 'lb', serviceEnv: { BREAKR: 'on', NO_SUCH_THING: '1' } }, variants))).toEqual([
      ['topology.serviceEnv.BREAKR', 'is not a switch of the reference task-api (it reads no BREAKR)', 'did you mean "BREAKER"?'],
      [
        'topology.serviceEnv.NO_SUCH_THING',
        'is not a switch of the reference task-api (it reads no NO_SUCH_THING)',
        'remove it; its switches are listed in targets/task-api/README.md (Configuration)',
      ],
      [
        'variants[1].serviceEnv.RETRY_ATTEMPT',
        'is not a switch of the reference task-api (it reads no RETRY_ATTEMPT)',
        'did you mean "RETRY_ATTEMPTS"?',
      ],
    ]);
  });

  it('refuses values the service would refuse at start, in the topology each variant runs', async () => {
    expect(
      await found(
        experiment({ kind: 'lb', serviceEnv: { RETRY_ATTEMPTS: 'three' } }, [{ name: 'a', serviceEnv: { RETRY_BASE_MS: '5000' } }]),
      ),
    ).toEqual([
      [
        'topology.serviceEnv.RETRY_ATTEMPTS',
        'the reference task-api refuses it at start: is "three", expected an integer from 0 to 10',
        'set RETRY_ATTEMPTS=2',
      ],
      [
        'variants[0].serviceEnv',
        'the reference task-api refuses it at start: RETRY_MAX_MS is 2000, below RETRY_BASE_MS (5000)',
        'set RETRY_MAX_MS to at least 5000',
      ],
    ]);
    const ladder = [{ name: 'cache' }, { name: 'lb', topology: { kind: 'lb' } }];
    expect(await found(experiment({ kind: 'cache', serviceEnv: { CACHE_MODE: 'swr' } }, ladder))).toEqual([
      [
        'topology.serviceEnv.CACHE_MODE',
        'variants[1] (kind lb): the reference task-api refuses it at start: is swr, which needs Redis, but REDIS_URL is not set',
        'set REDIS_URL=redis://127.0.0.1:6379, or CACHE_MODE=off',
      ],
    ]);
  });

  it("leaves another service's switches to it, but checks their placeholders where they are written", async () => {
    const own = { kind: 'lb', service: { image: 'shop:1' }, serviceEnv: { ANYTHING: 'goes' } };
    expect(await found(experiment(own, [{ name: 'a' }, { name: 'b', serviceEnv: { CACHE: '{redis.url}' } }]))).toEqual([
      [
        'variants[1].serviceEnv.CACHE',
        '{redis.url} is not something this topology has',
        'use one of {host}, {instance}, {port}, {postgres.host}, {postgres.password}, {postgres.port}, {postgres.url}, {postgres.user}, or a topology kind that has it',
      ],
    ]);
  });
});
