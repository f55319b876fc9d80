// Route names double as metric labels (see ROUTES in metrics.ts).
export type RouteMatch =
  | { route: 'GET /health' }
  | { route: 'GET /metrics'; query: string }
  | { route: 'GET /tasks/:userId'; userIdParam: string }
  | { route: 'POST /tasks' }
  | { route: 'unmatched' };

// Hand-rolled matching: the route set is tiny and `new URL()` per request is measurable at high rates.
export function matchRoute(method: string | undefined, rawUrl: string | undefined): RouteMatch {
  const url = rawUrl ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (method === 'GET') {
    if (path.startsWith('/tasks/')) {
      const param = path.slice('/tasks/'.length);
      if (param.includes('/')) return { route: 'unmatched' };
      return { route: 'GET /tasks/:userId', userIdParam: param };
    }
    if (path === '/health') return { route: 'GET /health' };
    if (path === '/metrics') return { route: 'GET /metrics', query: q === -1 ? '' : url.slice(q + 1) };
  } else if (method === 'POST' && path === '/tasks') {
    return { route: 'POST /tasks' };
  }
  return { route: 'unmatched' };
}

// users.id is a PostgreSQL int4, so ids beyond its range are rejected here instead of failing in the DB.
const MAX_INT4 = 2_147_483_647;

// Accepts only canonical positive decimal integers ("1", "42"), not "01", "1.0", "1e3" or "-1".
export function parseUserId(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 1 && value <= MAX_INT4 ? value : undefined;
  }
  if (typeof value !== 'string' || !/^[1-9]\d{0,9}$/.test(value)) return undefined;
  const n = Number(value);
  return n <= MAX_INT4 ? n : undefined;
}

export const MAX_TITLE_CHARS = 500;

export type CreateTaskInput = { ok: true; userId: number; title: string } | { ok: false; error: string };

export function parseCreateTask(body: string): CreateTaskInput {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: false, error: 'body must be JSON: {"userId":<int>,"title":"<text>"}' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, error: 'body must be a JSON object: {"userId":<int>,"title":"<text>"}' };
  }
  const { userId, title } = parsed as Record<string, unknown>;
  // In a JSON body the id must be a number; the string form is only for the URL path.
  const id = typeof userId === 'number' ? parseUserId(userId) : undefined;
  if (id === undefined) return { ok: false, error: 'userId must be a JSON integer from 1 to 2147483647' };
  if (typeof title !== 'string' || title.trim() === '') return { ok: false, error: 'title must be a non-empty string' };
  if (title.length > MAX_TITLE_CHARS) return { ok: false, error: `title must be at most ${MAX_TITLE_CHARS} characters` };
  return { ok: true, userId: id, title };
}

// Metrics may be asked for as JSON by query (?format=json) or by Accept header.
export function wantsJson(query: string, accept: string | undefined): boolean {
  if (new URLSearchParams(query).get('format') === 'json') return true;
  return accept?.includes('application/json') === true;
}
