import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/platform/clock.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createUser, type TestUser } from '../support/factories.ts';
import { AdminClient } from '../support/admin.ts';

class ManualClock implements Clock {
  private t = Date.now();
  now(): Date {
    return new Date(this.t);
  }
  advance(seconds: number): void {
    this.t += seconds * 1000;
  }
}

describe('Admin authentication', () => {
  let t: TestApp;
  let staff: TestUser;
  let regular: TestUser;
  const clock = new ManualClock();

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { ADMIN_SESSION_IDLE_SECONDS: '600', ADMIN_SESSION_ABSOLUTE_SECONDS: '3600' } });
    staff = await createUser(t, { staff: true });
    regular = await createUser(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('redirects an anonymous visitor to the login page', async () => {
    const res = await new AdminClient(t).get('/admin/products/');
    expect(res.status).toBe(303);
    expect(res.location).toBe('/admin/login?next=%2Fadmin%2Fproducts%2F');
  });

  it('logs a staff user in with an HttpOnly, SameSite=Lax session cookie and shows the index', async () => {
    const c = new AdminClient(t);
    const res = await c.login(staff.email, staff.password);
    expect(res.status).toBe(303);
    expect(res.location).toBe('/admin/');
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'] as string[]).find((s) => s.startsWith('ledgerline_admin='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const index = await c.get('/admin/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('Site administration');
    expect(index.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('refuses a user who is not staff, with the same message as a wrong password', async () => {
    const c = new AdminClient(t);
    const res = await c.login(regular.email, regular.password);
    expect(res.status).toBe(401);
    expect(res.body).toContain('Please enter the correct e-mail address and password for a staff account.');
    expect(c.cookie('ledgerline_admin')).toBeUndefined();
  });

  it('answers 403 to a POST without a valid CSRF token, and changes nothing', async () => {
    const c = new AdminClient(t);
    await c.login(staff.email, staff.password);
    const res = await c.request('POST', '/admin/categories/add/', { name: 'Sneaky', csrf_token: 'forged' });
    expect(res.status).toBe(403);
    expect(res.body).toContain('CSRF verification failed');
    const missing = await c.request('POST', '/admin/categories/add/', { name: 'Sneaky' });
    expect(missing.status).toBe(403);
    const { rows } = await t.database.admin.query(`SELECT count(*)::int AS n FROM categories WHERE name = 'Sneaky'`);
    expect(rows[0].n).toBe(0);
  });

  it('answers 403 to a login POST without the login form token', async () => {
    const c = new AdminClient(t);
    const res = await c.request('POST', '/admin/login', { email: staff.email, password: staff.password });
    expect(res.status).toBe(403);
  });

  it('rotates the session at login: the old cookie no longer works', async () => {
    const c = new AdminClient(t);
    await c.login(staff.email, staff.password);
    const first = c.cookie('ledgerline_admin')!;
    await c.login(staff.email, staff.password);
    const second = c.cookie('ledgerline_admin')!;
    expect(second).not.toBe(first);
    const old = await t.app.inject({ method: 'GET', url: '/admin/', headers: { cookie: `ledgerline_admin=${first}` } });
    expect(old.statusCode).toBe(303);
  });

  it('ends a session after the idle timeout', async () => {
    const c = new AdminClient(t);
    await c.login(staff.email, staff.password);
    clock.advance(300);
    expect((await c.get('/admin/')).status).toBe(200);
    clock.advance(601);
    const res = await c.get('/admin/');
    expect(res.status).toBe(303);
    expect(res.location).toMatch(/^\/admin\/login/);
  });

  it('ends a session after the absolute timeout, however active', async () => {
    const c = new AdminClient(t);
    await c.login(staff.email, staff.password);
    for (let i = 0; i < 7; i++) {
      clock.advance(500);
      expect((await c.get('/admin/')).status).toBe(200);
    }
    clock.advance(500);
    expect((await c.get('/admin/')).status).toBe(303);
  });

  it('purges expired sessions in housekeeping, keeping live ones', async () => {
    const stale = new AdminClient(t);
    await stale.login(staff.email, staff.password);
    clock.advance(601);
    const live = new AdminClient(t);
    await live.login(staff.email, staff.password);
    const count = async () => Number((await t.database.admin.query('SELECT count(*) AS n FROM admin_sessions')).rows[0].n);
    const before = await count();

    expect(await t.services.adminSessions.deleteExpired(new AbortController().signal)).toBeGreaterThanOrEqual(1);

    expect(await count()).toBeLessThan(before);
    expect((await live.get('/admin/')).status).toBe(200);
  });

  it('logs out: the session is deleted on the server', async () => {
    const c = new AdminClient(t);
    await c.login(staff.email, staff.password);
    const token = c.cookie('ledgerline_admin')!;
    await c.get('/admin/');
    const res = await c.post('/admin/logout');
    expect(res.status).toBe(303);
    const after = await t.app.inject({ method: 'GET', url: '/admin/', headers: { cookie: `ledgerline_admin=${token}` } });
    expect(after.statusCode).toBe(303);
  });

  it('throttles repeated failed logins for one e-mail address with a 429', async () => {
    const victim = await createUser(t, { staff: true });
    const c = new AdminClient(t);
    for (let i = 0; i < 10; i++) expect((await c.login(victim.email, 'wrong password!')).status).toBe(401);
    const res = await c.login(victim.email, victim.password);
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBeDefined();
    expect(res.body).toContain('Too many failed login attempts');
  });

  it('does not redirect after login to another site', async () => {
    const c = new AdminClient(t);
    await c.get('/admin/login');
    const res = await c.post('/admin/login', { email: staff.email, password: staff.password, next: '//evil.example/' });
    expect(res.location).toBe('/admin/');
  });

  it('keeps the JSON API refusing form bodies with a 415', async () => {
    const res = await t.request('POST', '/api/v1/auth/tokens', {
      payload: 'email=a%40b.c&password=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
  });
});
