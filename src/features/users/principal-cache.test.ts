import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebApp, type WebApp } from '../../main.ts';
import { systemClock } from '../../platform/clock.ts';
import { createLogger } from '../../platform/log.ts';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser } from '../../../test/support/factories.ts';
import { eventually, listenersConnected } from '../../../test/support/wait.ts';
import { PrincipalCache } from './principal-cache.ts';

const CACHE_ON = { AUTH_CACHE_TTL_SECONDS: '30' };

describe('PrincipalCache', () => {
  const principal = { userId: 1, isStaff: false, tokenId: 10 };
  const farFuture = new Date(Date.now() + 3_600_000);
  const cache = (live = true) => new PrincipalCache({ ttlMs: 60_000, maxEntries: 2, clock: systemClock, isLive: () => live });

  it('does not store a lookup that raced with an invalidation', () => {
    const c = cache();
    const generation = c.snapshot();
    c.evictUser(1);
    c.set('k', principal, farFuture, generation);
    expect(c.get('k')).toBeUndefined();
  });

  it('is not used at all while invalidations are not being received', () => {
    const c = cache(false);
    c.set('k', principal, farFuture, c.snapshot());
    expect(c.get('k')).toBeUndefined();
  });

  it('never outlives the token it caches', () => {
    const c = cache();
    c.set('k', principal, new Date(Date.now() - 1), c.snapshot());
    expect(c.get('k')).toBeUndefined();
  });

  it('evicts by token, by user, and the oldest entry beyond its bound', () => {
    const c = cache();
    c.set('a', principal, farFuture, c.snapshot());
    c.set('b', { ...principal, tokenId: 11 }, farFuture, c.snapshot());
    c.applyNotification('token:10');
    expect(c.get('a')).toBeUndefined();
    expect(c.get('b')).toBeDefined();
    c.applyNotification('user:1');
    expect(c.get('b')).toBeUndefined();
    for (const k of ['x', 'y', 'z']) c.set(k, principal, farFuture, c.snapshot());
    expect([c.get('x'), c.get('y'), c.get('z')].map((p) => p !== undefined)).toEqual([false, true, true]);
  });
});

describe('authentication with the principal cache on', () => {
  let t: TestApp;
  let peer: WebApp;
  beforeAll(async () => {
    t = await startTestApp({ env: CACHE_ON });
    // A second web process on the same database: its own pool, cache and listener.
    peer = await buildWebApp(t.config, createLogger('silent'), t.database.url);
  });
  afterAll(async () => {
    await peer.app.close();
    await t.close();
  });

  const listenerUp = () => listenersConnected(t, 2);

  it('authenticates a repeated token without a statement of its own', async () => {
    await listenerUp();
    const user = await createUser(t);
    const first = await t.request('GET', '/api/v1/me', { token: user.token });
    const second = await t.request('GET', '/api/v1/me', { token: user.token });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.statements).toBe(first.statements - 1);
  });

  it('refuses a token revoked through the API on the very next request', async () => {
    const user = await createUser(t);
    expect((await t.request('GET', '/api/v1/me', { token: user.token })).status).toBe(200);
    expect((await t.request('DELETE', '/api/v1/auth/tokens/current', { token: user.token })).status).toBe(204);
    expect((await t.request('GET', '/api/v1/me', { token: user.token })).status).toBe(401);
  });

  it('refuses a cached token revoked through another process', async () => {
    await listenerUp();
    const user = await createUser(t);
    expect((await t.request('GET', '/api/v1/me', { token: user.token })).status).toBe(200);
    const revoked = await peer.app.inject({ method: 'DELETE', url: '/api/v1/auth/tokens/current', headers: { authorization: `Bearer ${user.token}` } });
    expect(revoked.statusCode).toBe(204);
    await eventually(async () => (await t.request('GET', '/api/v1/me', { token: user.token })).status === 401);
  });

  it('refuses a cached token as soon as its user is deactivated by any writer, even plain SQL', async () => {
    const user = await createUser(t);
    expect((await t.request('GET', '/api/v1/me', { token: user.token })).status).toBe(200);
    await t.database.admin.query('UPDATE users SET is_active = false WHERE id = $1', [user.id]);
    await eventually(async () => (await t.request('GET', '/api/v1/me', { token: user.token })).status === 401);
  });

  it('sees a staff demotion made elsewhere', async () => {
    const staff = await createUser(t, { staff: true });
    // A staff-only write with an invalid body: 422 for staff, 403 for anyone else.
    const staffOnly = () => t.request('POST', '/api/v1/categories', { token: staff.token, body: {} });
    expect((await staffOnly()).status).toBe(422);
    await t.database.admin.query('UPDATE users SET is_staff = false WHERE id = $1', [staff.id]);
    await eventually(async () => (await staffOnly()).status === 403);
  });

  it('authenticates against the database while its notification connection is down', async () => {
    await listenerUp();
    const user = await createUser(t);
    await t.request('GET', '/api/v1/me', { token: user.token });
    await t.database.admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'ledgerline-listen' AND datname = current_database()`);
    await new Promise((r) => setTimeout(r, 200)); // the lost connection is noticed
    // Revoke behind the cache's back while nobody is listening: the notification is lost.
    await t.database.admin.query('UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1', [user.id]);
    expect((await t.request('GET', '/api/v1/me', { token: user.token })).status).toBe(401);
    await listenerUp();
    expect((await t.request('GET', '/api/v1/me', { token: user.token })).status).toBe(401);
  });
});
