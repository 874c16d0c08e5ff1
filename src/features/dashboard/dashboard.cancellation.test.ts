// The dashboard's parts stand or fall together: a failing part cancels the others' statements on
// the server (502), and a client that goes away cancels every part still running. The slow and
// failing parts are injected through DashboardService's constructor, on the test app's own pool.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser, type TestUser } from '../../../test/support/factories.ts';
import { createApp, type App } from '../../platform/http/app.ts';
import { authHooks } from '../../platform/http/auth.ts';
import { RequestStats } from '../../platform/http/request-stats.ts';
import { createLogger } from '../../platform/log.ts';
import { systemClock } from '../../platform/clock.ts';
import type { UsageReader } from '../usage/usage.service.ts';
import { DashboardService, type DashboardDeps } from './dashboard.service.ts';
import { dashboardRoutes } from './dashboard.http.ts';

let t: TestApp;
let user: TestUser;
let observer: pg.Client;
beforeAll(async () => {
  t = await startTestApp();
  user = await createUser(t);
  observer = new pg.Client({ connectionString: t.database.url });
  await observer.connect();
});
afterAll(async () => {
  await observer.end();
  await t.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
  return Date.now() - started;
}

/** The test app's statements running now whose text contains `fragment`. */
async function running(fragment: string): Promise<number> {
  const { rows } = await observer.query(
    `SELECT pid FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = 'ledgerline-web'
        AND state = 'active' AND position($1 IN query) > 0`,
    [fragment],
  );
  return rows.length;
}

/** A usage part that would take 30 s: its statement is only ever stopped by cancellation. */
const slowUsage: UsageReader = {
  async summary(_userId, period, signal) {
    await t.db.query('SELECT pg_sleep(30)', [], signal);
    return { period, metrics: [] };
  },
};

/** The dashboard on the app's real services, with some parts replaced. */
function dashboardWith(parts: Partial<DashboardDeps>): DashboardService {
  const s = t.services;
  return new DashboardService({ invoices: s.invoices, balance: s.balance, orders: s.orders, usage: s.usage, clock: systemClock, currency: 'USD', ...parts });
}

async function appWith(dashboard: DashboardService): Promise<App> {
  const app = await createApp({
    logger: createLogger('silent'),
    production: false,
    trustProxy: false,
    stats: new RequestStats(),
    routes: [dashboardRoutes({ auth: authHooks(t.services.tokens), dashboard })],
  });
  await app.ready();
  return app;
}

describe('dashboard cancellation', () => {
  it('answers 502 quickly when a part fails, having cancelled the slow part on the server', async () => {
    // Fails (division by zero) 300 ms in, while the usage part's pg_sleep(30) is running.
    const failingTotals: DashboardDeps['invoices'] = {
      list: (...args) => t.services.invoices.list(...args),
      totals: async (_ownerId, _period, signal) => {
        await t.db.query('SELECT 1/0 FROM pg_sleep(0.3)', [], signal);
        throw new Error('unreachable');
      },
    };
    const app = await appWith(dashboardWith({ usage: slowUsage, invoices: failingTotals }));
    try {
      const started = Date.now();
      const res = await app.inject({ method: 'GET', url: '/api/v1/dashboard', headers: { authorization: `Bearer ${user.token}` } });
      const elapsed = Date.now() - started;
      expect(res.statusCode).toBe(502);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const body = JSON.parse(res.body);
      expect(body).toMatchObject({ type: '/problems/bad-gateway', status: 502 });
      expect(res.body).not.toMatch(/division|pg_sleep|totals/i); // no internals
      expect(elapsed).toBeLessThan(3_000);
      // The answer waits for the cancelled parts: nothing of this request is still running.
      expect(await running('pg_sleep(30)')).toBe(0);
    } finally {
      await app.close();
    }
  });

  it('cancels the parts still running when the client disconnects', async () => {
    const app = await appWith(dashboardWith({ usage: slowUsage }));
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as AddressInfo;
      const req = http.request({ host: '127.0.0.1', port, path: '/api/v1/dashboard', headers: { authorization: `Bearer ${user.token}` } });
      let answered = false;
      req.on('response', () => (answered = true));
      req.on('error', () => undefined); // destroyed on purpose
      req.end();
      await waitFor('pg_sleep(30) to start', async () => (await running('pg_sleep(30)')) === 1, 5_000);
      req.destroy();
      const elapsed = await waitFor('pg_sleep(30) to be cancelled', async () => (await running('pg_sleep(30)')) === 0, 2_000);
      expect(elapsed).toBeLessThan(2_000);
      expect(answered).toBe(false);
    } finally {
      await app.close();
    }
  });

  it('rejects with the failing part as the cause and leaves no unhandled rejection behind', async () => {
    const boom = new Error('balance exploded');
    const dashboard = dashboardWith({ usage: slowUsage, balance: { currentBalance: () => Promise.reject(boom) } });
    const started = Date.now();
    const err = await dashboard.get(user.id, new AbortController().signal).then(
      () => undefined,
      (e: unknown) => e as Error & { part?: string; code?: string },
    );
    expect(err).toMatchObject({ code: 'dashboard.part_failed', part: 'balance', cause: boom });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(await running('pg_sleep(30)')).toBe(0);
  });
});
