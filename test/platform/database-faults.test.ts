// A request never hangs on the database: with every pooled connection busy it waits at most
// DATABASE_POOL_TIMEOUT_MS, and a statement runs at most DATABASE_STATEMENT_TIMEOUT_MS; either way
// the client gets a 503 problem with Retry-After that says nothing about the internals.
import type { FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { buildWorker } from '../../src/main.ts';
import type { Database } from '../../src/platform/db/db.ts';
import { createApp, type App } from '../../src/platform/http/app.ts';
import { RequestStats } from '../../src/platform/http/request-stats.ts';
import { createLogger } from '../../src/platform/log.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createUser, type TestUser } from '../support/factories.ts';

const signal = () => new AbortController().signal;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A test-only app whose one route holds a connection of `db` for `seconds` in pg_sleep. */
async function slowApp(db: Database): Promise<App> {
  const routes: FastifyPluginAsync = async (app) => {
    app.get('/slow/:seconds', async (request) => {
      const { seconds } = request.params as { seconds: string };
      await db.query('SELECT pg_sleep($1::float8)', [Number(seconds)], request.abortSignal);
      return { slept: true };
    });
  };
  const app = await createApp({ logger: createLogger('silent'), production: false, trustProxy: false, stats: new RequestStats(), routes: [routes] });
  await app.ready();
  return app;
}

async function sleeping(t: TestApp): Promise<number> {
  const { rows } = await t.database.admin.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE 'SELECT pg_sleep%'`,
  );
  return rows[0].n;
}

function expectGenericUnavailable(res: { status: number; body: unknown; headers: Record<string, unknown> }): void {
  expect(res.status).toBe(503);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  expect(res.headers['retry-after']).toBe('1');
  expect(res.body).toEqual({
    type: '/problems/unavailable',
    title: 'Service Unavailable',
    status: 503,
    detail: 'The service is temporarily unavailable; try again shortly.',
  });
}

describe('a web process whose pool is exhausted', () => {
  let t: TestApp;
  let user: TestUser;
  let slow: App;
  beforeAll(async () => {
    t = await startTestApp({ env: { DATABASE_POOL_SIZE: '1', DATABASE_POOL_TIMEOUT_MS: '500' } });
    user = await createUser(t);
    slow = await slowApp(t.db);
  });
  afterAll(async () => {
    await slow.close();
    await t.close();
  });

  it('answers 503 with Retry-After after the bounded wait, never hangs, and serves again once a connection is free', async () => {
    const holding = slow.inject({ method: 'GET', url: '/slow/2' });
    while ((await sleeping(t)) === 0) await sleep(20);

    const started = Date.now();
    const res = await t.request('GET', '/api/v1/me', { token: user.token });
    const waited = Date.now() - started;
    expectGenericUnavailable(res);
    expect(waited).toBeGreaterThanOrEqual(450);
    expect(waited).toBeLessThan(2_000);

    expect((await holding).statusCode).toBe(200);
    expect((await t.request('GET', '/api/v1/me', { token: user.token })).status).toBe(200);
  });
});

describe('the statement timeout of web processes', () => {
  let t: TestApp;
  let slow: App;
  beforeAll(async () => {
    t = await startTestApp({ env: { DATABASE_STATEMENT_TIMEOUT_MS: '300' } });
    slow = await slowApp(t.db);
  });
  afterAll(async () => {
    await slow.close();
    await t.close();
  });

  it('turns a statement that runs too long into a generic 503 problem', async () => {
    const started = Date.now();
    const res = await slow.inject({ method: 'GET', url: '/slow/5' });
    expect(Date.now() - started).toBeLessThan(2_000);
    expectGenericUnavailable({ status: res.statusCode, body: JSON.parse(res.body), headers: res.headers });
    expect(res.body).not.toMatch(/statement|timeout|cancel|pg_sleep|57014/i);
    // The statement is gone from the server (its backend reports idle a moment after the error
    // reached us), and the pool serves the next request.
    for (let i = 0; i < 50 && (await sleeping(t)) > 0; i++) await sleep(20);
    expect(await sleeping(t)).toBe(0);
    expect((await slow.inject({ method: 'GET', url: '/slow/0.01' })).statusCode).toBe(200);
  });

  it('applies to the web pool only: the worker has no statement timeout', async () => {
    const [web] = await t.db.query<{ statement_timeout: string }>('SHOW statement_timeout', [], signal());
    expect(web?.statement_timeout).toBe('300ms');
    const worker = buildWorker(t.config, createLogger('silent'), t.database.url);
    try {
      const [own] = await worker.db.query<{ statement_timeout: string }>('SHOW statement_timeout', [], signal());
      expect(own?.statement_timeout).toBe('0');
    } finally {
      await worker.db.close();
    }
  });

  it('defaults to 15 s, and 0 turns it off', () => {
    expect(loadConfig({}).databaseStatementTimeoutMs).toBe(15_000);
    expect(loadConfig({}).databasePoolTimeoutMs).toBe(5_000);
    expect(loadConfig({ DATABASE_STATEMENT_TIMEOUT_MS: '0' }).databaseStatementTimeoutMs).toBe(0);
    expect(() => loadConfig({ DATABASE_POOL_TIMEOUT_MS: '0' })).toThrow(/DATABASE_POOL_TIMEOUT_MS/);
  });
});
