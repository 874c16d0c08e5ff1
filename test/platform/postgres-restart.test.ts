// PostgreSQL restarting under a running web app: while it is down every request gets a 503
// problem at once (no hang), nothing crashes the process, and the same app instance serves again
// within seconds of the server's return, on new connections, without being rebuilt. The server
// here is a dedicated embedded PostgreSQL, so other test files never see it go down.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { buildWebApp, MIGRATIONS_DIR, type WebApp } from '../../src/main.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/platform/db/embedded.ts';
import { DatabaseUnavailableError } from '../../src/platform/db/errors.ts';
import { Migrator } from '../../src/platform/db/migrations.ts';
import { createLogger } from '../../src/platform/log.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const signal = () => new AbortController().signal;

let pg: EmbeddedPostgres;
let web: WebApp;
let token: string;
beforeAll(async () => {
  pg = await startEmbeddedPostgres({
    dataDir: path.resolve(process.env.TEST_DATA_DIR ?? 'var/test', 'restart'),
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
  });
  await new Migrator(pg.url, MIGRATIONS_DIR).migrate();
  const config = loadConfig({ APP_ENV: 'test', DATABASE_URL: pg.url, LOG_LEVEL: 'silent', DATABASE_POOL_SIZE: '4' });
  web = await buildWebApp(config, createLogger('silent'), pg.url);
  await web.app.ready();
  const user = await web.services.users.signUp({ email: `restart-${Date.now()}@example.com`, password: 'a long enough passphrase', name: 'Restart' }, signal());
  token = (await web.services.tokens.issue(user.id, signal())).token;
}, 120_000);
afterAll(async () => {
  await web?.app.close();
  await pg?.stop();
});

interface Outcome {
  status: number;
  ms: number;
  problem: boolean;
  retryAfter: string | undefined;
}

async function call(method: 'GET' | 'POST', url: string, body?: unknown): Promise<Outcome> {
  const started = performance.now();
  const res = await web.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return {
    status: res.statusCode,
    ms: performance.now() - started,
    problem: String(res.headers['content-type']).startsWith('application/problem+json'),
    retryAfter: res.headers['retry-after'] as string | undefined,
  };
}

let written = 0;
const mixed = () =>
  Promise.all([
    call('GET', '/api/v1/me'),
    call('POST', '/api/v1/customers', { name: `Customer ${++written}` }),
    call('GET', '/api/v1/customers?limit=5'),
    call('GET', '/api/v1/dashboard'),
  ]);

describe('a PostgreSQL restart under a running web app', () => {
  it('answers 503 problems fast while the server is down and serves again within 10 s of its return', async () => {
    // Every pooled connection open and idle, and one checked out inside a transaction that is
    // between statements when the server goes away: both kinds used to be able to kill the process.
    expect((await mixed()).map((o) => o.status)).toEqual([200, 201, 200, 200]);
    let resume: () => void = () => undefined;
    const paused = new Promise<void>((r) => (resume = r));
    const open = web.db.transaction(signal(), async (tx) => {
      await tx.query('SELECT 1', [], signal());
      await paused;
      await tx.query('SELECT 1', [], signal());
    });
    open.catch(() => undefined);

    // Load while the server stops: whatever fails is a problem response, never a hang or a 500.
    let loading = true;
    const during: Outcome[] = [];
    const load = (async () => {
      while (loading) during.push(...(await mixed()));
    })();
    await sleep(100);
    await pg.stop();
    resume();
    await expect(open).rejects.toBeInstanceOf(DatabaseUnavailableError);

    const down = await mixed();
    for (const o of down) {
      expect(o).toMatchObject({ status: 503, problem: true, retryAfter: '1' });
      expect(o.ms).toBeLessThan(1_000);
    }
    expect((await web.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);

    await pg.restart();
    const back = Date.now();
    let recovered: Outcome[] = [];
    while (Date.now() - back < 10_000) {
      recovered = await mixed();
      if (recovered.every((o) => o.status < 300)) break;
      await sleep(50);
    }
    loading = false;
    await load;
    expect(recovered.map((o) => o.status)).toEqual([200, 201, 200, 200]);
    expect(Date.now() - back).toBeLessThan(10_000);
    for (const o of during) {
      if (o.status >= 300) expect(o).toMatchObject({ status: 503, problem: true });
    }
  });
});
