// The catalog's response cache (CATALOG_CACHE_TTL_SECONDS) as users see it: repeated reads cost
// no statement, and no change — through this process, another process or plain SQL — is hidden
// for longer than its notification takes to arrive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebApp, type WebApp } from '../../main.ts';
import { createLogger } from '../../platform/log.ts';
import { startTestApp, statementsOf, type TestApp } from '../../../test/support/app.ts';
import { createUser, type TestUser } from '../../../test/support/factories.ts';
import { eventually, listenersConnected } from '../../../test/support/wait.ts';

describe('catalog reads with the response cache on', () => {
  let t: TestApp;
  let peer: WebApp;
  let staff: TestUser;
  beforeAll(async () => {
    t = await startTestApp({ env: { CATALOG_CACHE_TTL_SECONDS: '30' } });
    // A second web process on the same database: its own pool, cache and listener.
    peer = await buildWebApp(t.config, createLogger('silent'), t.database.url);
    staff = await createUser(t, { staff: true });
  });
  afterAll(async () => {
    await peer.app.close();
    await t.close();
  });

  const listenersUp = () => listenersConnected(t, 2);
  /**
   * A read from the database, then the same read again answered from the cache. A write's own
   * notification arrives a moment after the write and clears the cache once more, so the pair is
   * retried until it shows both.
   */
  const cachedPair = async (url: string) => {
    for (let tries = 0; tries < 100; tries++) {
      const first = await t.request('GET', url);
      const second = await t.request('GET', url);
      if (first.statements > 0 && second.statements === 0) return { first, second };
      // Started from a cached page: a statement that changes no row still fires the statement-
      // level trigger, whose notification empties the cache.
      if (first.statements === 0) await t.database.admin.query('UPDATE categories SET name = name WHERE false');
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`${url} was never answered from the cache`);
  };
  const names = (body: { data: { name: string }[] }) => body.data.map((p) => p.name);
  const peerGet = async (url: string) => {
    const res = await peer.app.inject({ method: 'GET', url });
    return { status: res.statusCode, body: res.json(), statements: statementsOf(res.headers) };
  };
  const createProduct = async (name: string, extra: Record<string, unknown> = {}) => {
    const res = await t.request('POST', '/api/v1/products', { token: staff.token, body: { name, price_cents: 500, ...extra } });
    expect(res.status).toBe(201);
    return res.body as { id: number };
  };

  it('answers a repeated read with the same body and no statement', async () => {
    await listenersUp();
    await createProduct('Cached lamp');
    const { first, second } = await cachedPair('/api/v1/products?limit=5');
    expect(first.statements).toBe(1);
    expect(second.body).toEqual(first.body);
    expect(second.headers['content-type']).toBe('application/json; charset=utf-8');
    // Another query string is another page.
    expect((await t.request('GET', '/api/v1/products?limit=4')).statements).toBe(1);
  });

  it("shows this process's own write on the very next read", async () => {
    await listenersUp();
    await t.request('GET', '/api/v1/products?limit=5');
    const lamp = await createProduct('Fresh lamp');
    expect(names((await t.request('GET', '/api/v1/products?limit=5')).body)[0]).toBe('Fresh lamp');
    expect((await t.request('PATCH', `/api/v1/products/${lamp.id}`, { token: staff.token, body: { name: 'Renamed lamp' } })).status).toBe(200);
    expect((await t.request('GET', `/api/v1/products/${lamp.id}`)).body.name).toBe('Renamed lamp');
    expect((await t.request('DELETE', `/api/v1/products/${lamp.id}`, { token: staff.token })).status).toBe(204);
    expect((await t.request('GET', `/api/v1/products/${lamp.id}`)).status).toBe(404);
    expect(names((await t.request('GET', '/api/v1/products?limit=5')).body)).not.toContain('Renamed lamp');
  });

  it('shows a write made by another process once its notification arrives', async () => {
    await listenersUp();
    await peerGet('/api/v1/products?limit=5');
    expect((await peerGet('/api/v1/products?limit=5')).statements).toBe(0);
    await createProduct('Lamp from the other process');
    await eventually(async () => names((await peerGet('/api/v1/products?limit=5')).body)[0] === 'Lamp from the other process');
  });

  it('shows changes made with plain SQL, categories included', async () => {
    await listenersUp();
    const category = await t.request('POST', '/api/v1/categories', { token: staff.token, body: { name: 'Lighting' } });
    const lamp = await createProduct('Desk lamp', { category_id: category.body.id });
    const url = `/api/v1/products/${lamp.id}`;
    expect((await cachedPair(url)).second.body.category.name).toBe('Lighting');
    await t.database.admin.query(`UPDATE categories SET name = 'Lamps' WHERE id = $1`, [category.body.id]);
    await eventually(async () => (await t.request('GET', url)).body.category.name === 'Lamps');
    await t.database.admin.query(`UPDATE products SET price_cents = 777 WHERE id = $1`, [lamp.id]);
    await eventually(async () => (await t.request('GET', url)).body.price_cents === 777);
    expect((await t.request('GET', '/api/v1/categories')).body.data.map((c: { name: string }) => c.name)).toContain('Lamps');
  });

  it('reads the database while its notification connection is down', async () => {
    await listenersUp();
    const lamp = await createProduct('Lamp before the outage');
    const url = `/api/v1/products/${lamp.id}`;
    await cachedPair(url);
    await t.database.admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'ledgerline-listen' AND datname = current_database()`);
    await new Promise((r) => setTimeout(r, 200)); // the lost connection is noticed
    // Changed while nobody is listening: the notification is lost.
    await t.database.admin.query(`UPDATE products SET name = 'Lamp during the outage' WHERE id = $1`, [lamp.id]);
    const during = await t.request('GET', url);
    expect(during.body.name).toBe('Lamp during the outage');
    expect(during.statements).toBe(1);
    await listenersUp();
    expect((await t.request('GET', url)).body.name).toBe('Lamp during the outage');
  });

  it('never stores an error', async () => {
    await listenersUp();
    expect((await t.request('GET', '/api/v1/products/999999999')).statements).toBe(1);
    expect((await t.request('GET', '/api/v1/products/999999999')).statements).toBe(1);
  });
});
