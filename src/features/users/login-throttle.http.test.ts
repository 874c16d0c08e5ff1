import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser } from '../../../test/support/factories.ts';
import type { Clock } from '../../platform/clock.ts';

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

/** POST /auth/tokens from a given client address (each test uses its own addresses). */
async function login(email: string, password: string, remoteAddress: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/tokens',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ email, password }),
    remoteAddress,
  });
  return { status: res.statusCode, headers: res.headers, body: res.json() };
}

const WRONG = 'this is not the password';
let net = 0;
/** A fresh /24 of the documentation range, so that tests never share an address. */
const addresses = () => {
  const n = ++net;
  return (host: number) => `198.51.${n}.${host}`;
};

describe('login throttling per e-mail address', () => {
  it('answers 401 to the first 10 failures, then 429 with Retry-After even for the right password', async () => {
    const user = await createUser(t);
    const ip = addresses();
    // From ten different addresses: the limit is on the e-mail, not on any one address.
    for (let i = 1; i <= 10; i++) expect((await login(user.email, WRONG, ip(i))).status).toBe(401);
    const blocked = await login(user.email, user.password, ip(11));
    expect(blocked.status).toBe(429);
    expect(blocked.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(blocked.body).toMatchObject({ status: 429, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(15 * 60 - 30);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // Another account from the same addresses is unaffected.
    const other = await createUser(t);
    expect((await login(other.email, other.password, ip(1))).status).toBe(201);
  });

  it('counts the e-mail address whatever its case', async () => {
    const user = await createUser(t);
    const ip = addresses();
    for (let i = 1; i <= 10; i++) await login(i % 2 ? user.email.toUpperCase() : user.email, WRONG, ip(i));
    expect((await login(user.email, user.password, ip(99))).status).toBe(429);
  });

  it('lifts the block once the failures are more than 15 minutes old', async () => {
    const user = await createUser(t);
    const ip = addresses();
    for (let i = 1; i <= 10; i++) await login(user.email, WRONG, ip(i));
    offsetMs = 14 * 60 * 1000;
    const stillBlocked = await login(user.email, user.password, ip(1));
    expect(stillBlocked.status).toBe(429);
    expect(Number(stillBlocked.headers['retry-after'])).toBeLessThanOrEqual(60);
    offsetMs = 15 * 60 * 1000 + 1000;
    expect((await login(user.email, user.password, ip(1))).status).toBe(201);
  });

  it('does not count successful logins', async () => {
    const user = await createUser(t);
    const ip = addresses();
    for (let i = 1; i <= 9; i++) expect((await login(user.email, WRONG, ip(1))).status).toBe(401);
    for (let i = 1; i <= 3; i++) expect((await login(user.email, user.password, ip(1))).status).toBe(201);
    expect((await login(user.email, WRONG, ip(1))).status).toBe(401); // the 10th failure
    expect((await login(user.email, user.password, ip(1))).status).toBe(429);
  });
});

describe('login throttling per client address', () => {
  it('answers 429 after 50 failures from one address, whatever the e-mails, and only to that address', async () => {
    const user = await createUser(t);
    const ip = addresses();
    const attacker = ip(66);
    for (let i = 1; i <= 50; i++) {
      expect((await login(`guess-${i}-${Date.now()}@example.com`, WRONG, attacker)).status).toBe(401);
    }
    const blocked = await login(user.email, user.password, attacker);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login(user.email, user.password, ip(67))).status).toBe(201);
  });
});
