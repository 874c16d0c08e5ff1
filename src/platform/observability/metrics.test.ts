// Acceptance: GET /metrics exposes each family with bounded labels, and METRICS_TOKEN guards it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
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
    expect(sample(text, 'db_pool_connections_total', { pool: 'primary' })).toBeGreaterThan(0);
    expect(sample(text, 'db_pool_connections_idle', { pool: 'primary' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'db_pool_requests_waiting', { pool: 'primary' })).toBe(0);
    // No replica configured: no replica series at all (rather than zeros that look like an outage).
    expect(text).not.toContain('pool="replica"');
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

/** Connections open to `db`'s database under an application name, as PostgreSQL counts them. */
async function connectionsFrom(db: TestDatabase, applicationName: string): Promise<number> {
  const { rows } = await db.admin.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`,
    [applicationName],
  );
  return rows[0]!.n;
}

describe('GET /metrics with DATABASE_REPLICA_URL set', () => {
  let replica: TestDatabase;
  let t: TestApp;
  beforeAll(async () => {
    // A second test database stands in for the replica (see dashboard.replica.test.ts).
    replica = await createTestDatabase();
    t = await startTestApp({ env: { DATABASE_REPLICA_URL: replica.url } });
  });
  afterAll(async () => {
    await t.close();
    await replica.drop();
  });

  it('exports the pool gauges for the primary and for the replica, each under its own label', async () => {
    const user = await createUser(t);
    // Usage sums are read on the replica's pool: that opens a connection there.
    expect((await t.request('GET', '/api/v1/usage', { token: user.token })).status).toBe(200);
    const text = String((await t.request('GET', '/metrics')).body);
    for (const pool of ['primary', 'replica']) {
      expect(sample(text, 'db_pool_connections_total', { pool })).toBeGreaterThan(0);
      expect(sample(text, 'db_pool_connections_idle', { pool })).toBeGreaterThan(0);
      expect(sample(text, 'db_pool_requests_waiting', { pool })).toBe(0);
    }
    // Each series is its own pool: the connections each database sees from that pool's process.
    expect(sample(text, 'db_pool_connections_total', { pool: 'replica' })).toBe(await connectionsFrom(replica, 'ledgerline-web-replica'));
    expect(sample(text, 'db_pool_connections_total', { pool: 'primary' })).toBe(await connectionsFrom(t.database, 'ledgerline-web'));
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
