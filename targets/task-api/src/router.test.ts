import { describe, expect, it } from 'vitest';
import { matchRoute, parseCreateTask, parseUserId, wantsJson } from './router.ts';

describe('matchRoute', () => {
  it.each([
    ['GET', '/health', { route: 'GET /health' }],
    ['GET', '/health?x=1', { route: 'GET /health' }],
    ['GET', '/metrics', { route: 'GET /metrics', query: '' }],
    ['GET', '/metrics?format=json', { route: 'GET /metrics', query: 'format=json' }],
    ['GET', '/tasks/42', { route: 'GET /tasks/:userId', userIdParam: '42' }],
    ['GET', '/tasks/abc?x', { route: 'GET /tasks/:userId', userIdParam: 'abc' }],
    ['GET', '/tasks/', { route: 'GET /tasks/:userId', userIdParam: '' }],
    ['POST', '/tasks', { route: 'POST /tasks' }],
    ['POST', '/tasks?trace=1', { route: 'POST /tasks' }],
    ['GET', '/tasks', { route: 'unmatched' }],
    ['GET', '/tasks/1/extra', { route: 'unmatched' }],
    ['DELETE', '/tasks/1', { route: 'unmatched' }],
    ['POST', '/health', { route: 'unmatched' }],
    ['GET', '/', { route: 'unmatched' }],
    [undefined, undefined, { route: 'unmatched' }],
  ])('%s %s', (method, url, expected) => {
    expect(matchRoute(method, url)).toEqual(expected);
  });
});

describe('parseUserId', () => {
  it.each([
    ['1', 1],
    ['42', 42],
    ['2147483647', 2147483647],
    [7, 7],
  ])('accepts %j', (value, expected) => {
    expect(parseUserId(value)).toBe(expected);
  });

  it.each(['0', '-1', '1.5', '01', '1e3', ' 1', 'abc', '', '2147483648', '99999999999', 0, 1.5, -3, 2 ** 31, null, true])(
    'rejects %j',
    (value) => {
      expect(parseUserId(value)).toBeUndefined();
    },
  );
});

describe('parseCreateTask', () => {
  it('accepts a valid body', () => {
    expect(parseCreateTask('{"userId":3,"title":"write tests"}')).toEqual({ ok: true, userId: 3, title: 'write tests' });
  });

  it.each([
    ['not json', 'must be JSON'],
    ['[1]', 'JSON object'],
    ['null', 'JSON object'],
    ['{"title":"x"}', 'userId'],
    ['{"userId":"3","title":"x"}', 'userId'],
    ['{"userId":0,"title":"x"}', 'userId'],
    ['{"userId":1}', 'title'],
    ['{"userId":1,"title":"  "}', 'title'],
    [`{"userId":1,"title":"${'x'.repeat(501)}"}`, 'at most 500'],
  ])('rejects %s', (body, message) => {
    const result = parseCreateTask(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });
});

describe('wantsJson', () => {
  it('reads ?format=json or the Accept header', () => {
    expect(wantsJson('format=json', undefined)).toBe(true);
    expect(wantsJson('', 'application/json')).toBe(true);
    expect(wantsJson('', 'text/plain')).toBe(false);
    expect(wantsJson('format=text', undefined)).toBe(false);
  });
});
