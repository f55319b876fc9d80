import { describe, expect, it } from 'vitest';
import { fillPlaceholders, unfilledPlaceholders } from './placeholders.ts';

describe('service placeholders', () => {
  const bindings = { port: '4100', 'postgres.url': 'postgres://postgres@127.0.0.1:5001', 'shards.urls': 'a,b' };

  it('fills every placeholder, several in one value, and leaves other text alone', () => {
    const env = { DATABASE_URL: '{postgres.url}/app?sslmode=disable', LISTEN: '127.0.0.1:{port}', PLAIN: 'x', BOTH: '{port}-{port}' };
    expect(unfilledPlaceholders(env, new Set(Object.keys(bindings)))).toEqual([]);
    expect(fillPlaceholders(env, bindings)).toEqual({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5001/app?sslmode=disable',
      LISTEN: '127.0.0.1:4100',
      PLAIN: 'x',
      BOTH: '4100-4100',
    });
  });

  it('names each placeholder the topology cannot fill, by variable', () => {
    const env = { REDIS_URL: '{redis.url}', DATABASE_URL: '{postgres.url}/{postgres.db}' };
    expect(unfilledPlaceholders(env, new Set(Object.keys(bindings)))).toEqual([
      { variable: 'REDIS_URL', placeholder: 'redis.url' },
      { variable: 'DATABASE_URL', placeholder: 'postgres.db' },
    ]);
  });

  it('is not fooled by JSON or shell braces', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-style value that is not a placeholder
    const env = { CONFIG: '{"port": 1}', SHELL: '${HOME}', EMPTY: '{}', UPPER: '{PORT}' };
    expect(unfilledPlaceholders(env, new Set())).toEqual([]);
    expect(fillPlaceholders(env, bindings)).toEqual(env);
  });
});
