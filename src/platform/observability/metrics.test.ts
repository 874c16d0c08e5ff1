// Acceptance: GET /metrics exposes each family with bounded labels, and METRICS_TOKEN guards it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser, type TestUser } from '../../../test/support/factories.ts';
import { noopTask } from '../jobs/diagnostics.ts';

/** The value of one sample line, e.g. `http_request_duration_seconds_count{...}`, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? '').split(',');
    if (wanted.every((w) => present.includes(w))) return Number(match[3]);
  }
  return undefined;
}

describe('GET /metrics', () => {
  let t: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    t = await startTestApp();
    user = await createUser(t);
  });
  afterAll(async () => t.close());

  const scrape = async (): Promise<string> => {
    const res = await t.request('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/^text\/plain; version=0\.0\.4/);
    return String(res.body);
  };

  it('records request durations by method, route template and status', async () => {
    const customer = await t.request('POST', '/api/v1/customers', { token: user.token, body: { name: 'Acme' } });
    expect(customer.status).toBe(201);
    expect((await t.request('GET', `/api/v1/customers/${customer.body.id}`, { token: user.token })).status).toBe(200);
    expect((await t.request('GET', '/api/v1/customers/999999', { token: user.token })).status).toBe(404);
    expect((await t.request('GET', '/no/such/route/123')).status).toBe(404);

    const text = await scrape();
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    const count = (method: string, route: string, status: string) =>
      sample(text, 'http_request_duration_seconds_count', { method, route, status });
    expect(count('POST', '/api/v1/customers', '201')).toBe(1);
    expect(count('GET', '/api/v1/customers/:id', '200')).toBe(1);
    expect(count('GET', '/api/v1/customers/:id', '404')).toBe(1);
    expect(count('GET', 'unmatched', '404')).toBe(1);
    // Raw URLs never become labels: that would make one series per id.
    expect(text).not.toContain('/api/v1/customers/999999');
    expect(text).not.toContain('/no/such/route');
  });

  it('records the SQL statements of each request by route template', async () => {
    const res = await t.request('GET', '/api/v1/me', { token: user.token });
    expect(res.status).toBe(200);
    const text = await scrape();
    expect(text).toContain('# TYPE http_request_sql_statements histogram');
    expect(sample(text, 'http_request_sql_statements_count', { route: '/api/v1/me' })).toBe(1);
    // The histogram's sum is the statements the request reported in its Server-Timing header.
    expect(sample(text, 'http_request_sql_statements_sum', { route: '/api/v1/me' })).toBe(res.statements);
    expect(res.statements).toBeGreaterThan(0);
  });

  it('exports the database pool gauges and the process metrics', async () => {
    const text = await scrape();
    expect(sample(text, 'db_pool_connections_total', {})).toBeGreaterThan(0);
    expect(sample(text, 'db_pool_connections_idle', {})).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'db_pool_requests_waiting', {})).toBe(0);
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_heap_size_used_bytes');
  });

  it('counts jobs by queue and state once a job is enqueued', async () => {
    await t.services.jobs.enqueue(t.db, noopTask(), {}, new AbortController().signal);
    const text = await scrape();
    expect(sample(text, 'jobs', { queue: 'diagnostics.noop', state: 'created' })).toBe(1);
  });

  it('needs no credentials when METRICS_TOKEN is unset', async () => {
    expect((await t.request('GET', '/metrics')).status).toBe(200);
  });
});

describe('GET /metrics with METRICS_TOKEN set', () => {
  const token = 'metrics-secret-0123456789abcdef';
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { METRICS_TOKEN: token } });
  });
  afterAll(async () => t.close());

  it('answers 401 without credentials', async () => {
    const res = await t.request('GET', '/metrics');
    expect(res.status).toBe(401);
    expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  });

  it('answers 401 with a wrong token', async () => {
    expect((await t.request('GET', '/metrics', { token: 'wrong' })).status).toBe(401);
    expect((await t.request('GET', '/metrics', { token: `${token}x` })).status).toBe(401);
  });

  it('answers 200 with the right token', async () => {
    const res = await t.request('GET', '/metrics', { token });
    expect(res.status).toBe(200);
    expect(String(res.body)).toContain('http_request_duration_seconds');
  });
});
