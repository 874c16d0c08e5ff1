import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser } from '../../../test/support/factories.ts';
import type { Clock } from '../../platform/clock.ts';
import { ARGON2_OPTIONS, DUMMY_PASSWORD_HASH } from './password-hash.ts';

// A clock the tests can move forward; it follows real time otherwise.
let offsetMs = 0;
const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock });
});
afterEach(() => {
  offsetMs = 0;
});
afterAll(async () => t.close());

const login = (body: unknown) => t.request('POST', '/api/v1/auth/tokens', { body });
const me = (token: string) => t.request('GET', '/api/v1/me', { token });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('POST /api/v1/auth/tokens', () => {
  it('issues a 201 {token, expires_at} for the right e-mail and password, and the token opens /me', async () => {
    const user = await createUser(t);
    const before = Date.now();
    const res = await login({ email: user.email, password: user.password });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['expires_at', 'token']);
    expect(res.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    expect(res.body.expires_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    const expiresAt = Date.parse(res.body.expires_at);
    expect(expiresAt).toBeGreaterThanOrEqual(before + t.config.tokenTtlSeconds * 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + t.config.tokenTtlSeconds * 1000);
    expect((await me(res.body.token)).body.id).toBe(user.id);
  });

  it('accepts the e-mail address in any case and with surrounding spaces', async () => {
    const user = await createUser(t);
    expect((await login({ email: ` ${user.email.toUpperCase()} `, password: user.password })).status).toBe(201);
  });

  it('answers the same 401 body for a wrong password and for an unknown e-mail', async () => {
    const user = await createUser(t);
    const wrong = await login({ email: user.email, password: user.password + '!' });
    const unknown = await login({ email: `nobody-${Date.now()}@example.com`, password: user.password });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(unknown.body).toEqual(wrong.body);
    expect(unknown.headers['content-type']).toBe(wrong.headers['content-type']);
    expect(unknown.headers['www-authenticate']).toBe(wrong.headers['www-authenticate']);
  });

  it('checks an unknown e-mail against a dummy hash of the same cost, so both take similar time', async () => {
    expect(DUMMY_PASSWORD_HASH.startsWith(`$argon2id$v=19$m=${ARGON2_OPTIONS.memoryCost},t=${ARGON2_OPTIONS.timeCost},p=${ARGON2_OPTIONS.parallelism}$`)).toBe(true);
    const user = await createUser(t);
    const time = async (email: string) => {
      const started = performance.now();
      expect((await login({ email, password: 'not the right password' })).status).toBe(401);
      return performance.now() - started;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      known.push(await time(user.email));
      unknown.push(await time(`ghost-${i}-${Date.now()}@example.com`));
    }
    // Generous bounds: a missing argon2 verification would make the unknown case many times faster.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.4);
    expect(median(unknown)).toBeLessThan(median(known) * 2.5);
  });

  it('refuses an inactive user with the same 401, and their existing tokens stop working', async () => {
    const user = await createUser(t);
    const wrong = await login({ email: user.email, password: 'definitely wrong password' });
    await t.database.admin.query('UPDATE users SET is_active = false WHERE id = $1', [user.id]);
    const res = await login({ email: user.email, password: user.password });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(wrong.body);
    expect((await me(user.token)).status).toBe(401);
  });

  it('stores only the SHA-256 of the token, never the token itself', async () => {
    const user = await createUser(t);
    const { token } = (await login({ email: user.email, password: user.password })).body;
    const { rows } = await t.database.admin.query<{ row: string; token_hash: Buffer }>(
      'SELECT row_to_json(api_tokens)::text AS row, token_hash FROM api_tokens WHERE user_id = $1',
      [user.id],
    );
    expect(rows).toHaveLength(2); // the factory's token and this one
    for (const { row } of rows) expect(row).not.toContain(token);
    const sha = createHash('sha256').update(token).digest();
    expect(rows.filter((r) => r.token_hash.equals(sha))).toHaveLength(1);
  });

  it.each([
    ['a missing password', { email: 'a@example.com' }, 'password'],
    ['a missing e-mail', { password: 'whatever it is here' }, 'email'],
    ['a non-string password', { email: 'a@example.com', password: 123456789012 }, 'password'],
  ])('answers 422 with a field error for %s', async (_case, body, field) => {
    const res = await login(body);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field, message: expect.any(String) }]);
  });

  it('answers 400 to malformed JSON and 415 to a body that is not JSON', async () => {
    const bad = await t.request('POST', '/api/v1/auth/tokens', { payload: '{"email"', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    const form = await t.request('POST', '/api/v1/auth/tokens', { payload: 'email=a', headers: { 'content-type': 'text/plain' } });
    expect(form.status).toBe(415);
  });
});

describe('DELETE /api/v1/auth/tokens/current', () => {
  it('answers 204 and revokes the token used, leaving the user\'s other tokens working', async () => {
    const user = await createUser(t);
    const other = (await login({ email: user.email, password: user.password })).body.token as string;
    const res = await t.request('DELETE', '/api/v1/auth/tokens/current', { token: user.token });
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    expect((await me(user.token)).status).toBe(401);
    expect((await t.request('DELETE', '/api/v1/auth/tokens/current', { token: user.token })).status).toBe(401);
    expect((await me(other)).status).toBe(200);
  });

  it('answers 401 without a token', async () => {
    expect((await t.request('DELETE', '/api/v1/auth/tokens/current')).status).toBe(401);
  });
});

describe('token expiry', () => {
  it('refuses a token once the clock passes its expires_at', async () => {
    const user = await createUser(t);
    offsetMs = (t.config.tokenTtlSeconds - 60) * 1000;
    expect((await me(user.token)).status).toBe(200);
    offsetMs = (t.config.tokenTtlSeconds + 1) * 1000;
    const res = await me(user.token);
    expect(res.status).toBe(401);
    expect(res.body).toEqual((await t.request('GET', '/api/v1/me')).body);
  });

  it('refuses a token whose expires_at is in the past in the database', async () => {
    const user = await createUser(t);
    await t.database.admin.query(`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
    expect((await me(user.token)).status).toBe(401);
  });
});
