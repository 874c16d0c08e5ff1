import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser, type TestUser } from '../../../test/support/factories.ts';
import type { Clock } from '../clock.ts';
import { RateLimitBuckets } from './rate-limit.ts';

/** A clock the tests move by hand: 15 s into a minute, so the window has 45 s left. */
function movableClock(): Clock & { advance(ms: number): void } {
  const start = Date.now();
  let now = start - (start % 60_000) + 15_000;
  return { now: () => new Date(now), advance: (ms) => (now += ms) };
}

const customer = (n: number) => ({ body: { name: `Customer ${n}` } });

describe('write rate limit per user', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  const clock = movableClock();
  beforeAll(async () => {
    t = await startTestApp({ clock, env: { WRITE_RATE_PER_USER_PER_MINUTE: '3', WRITE_RATE_PER_ADDRESS_PER_MINUTE: '1000' } });
    [alice, bob] = [await createUser(t), await createUser(t)];
  });
  afterAll(() => t.close());

  it('answers the (limit+1)th write of a user in a minute with 429 and Retry-After until the minute ends', async () => {
    for (let i = 1; i <= 3; i++) expect((await t.request('POST', '/api/v1/customers', { token: alice.token, ...customer(i) })).status).toBe(201);
    const limited = await t.request('POST', '/api/v1/customers', { token: alice.token, ...customer(4) });
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(Number(limited.headers['retry-after'])).toBe(45);
    // Its own statement is the token lookup. The upsert of both counters is shared by the writes
    // of the process in flight together (SharedBucketHits), so it is no one request's.
    expect(limited.statements).toBe(1);
  });

  it('leaves another user unaffected', async () => {
    expect((await t.request('POST', '/api/v1/customers', { token: bob.token, ...customer(1) })).status).toBe(201);
  });

  it('never limits reads', async () => {
    for (let i = 0; i < 5; i++) expect((await t.request('GET', '/api/v1/customers', { token: alice.token })).status).toBe(200);
  });

  it('counts malformed writes too, since it runs before validation', async () => {
    expect((await t.request('POST', '/api/v1/customers', { token: alice.token, body: {} })).status).toBe(429);
  });

  it('lets the user write again in the next minute', async () => {
    clock.advance(60_000);
    expect((await t.request('POST', '/api/v1/customers', { token: alice.token, ...customer(5) })).status).toBe(201);
  });
});

describe('rate limit housekeeping', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('deletes the counters of windows that are over and keeps the current one', async () => {
    const signal = new AbortController().signal;
    await t.db.query(`INSERT INTO rate_limit_buckets (key, window_start, count) VALUES ('user:1', now() - interval '5 minutes', 9)`, [], signal);
    const buckets = new RateLimitBuckets({ db: t.db });
    await buckets.hit(['user:1'], signal);
    expect(await buckets.purgeOld(signal)).toBe(1);
    expect(await t.db.query(`SELECT key, count FROM rate_limit_buckets`, [], signal)).toEqual([{ key: 'user:1', count: 1 }]);
  });
});

describe('write rate limit per client address', () => {
  let t: TestApp;
  const clock = movableClock();
  beforeAll(async () => {
    t = await startTestApp({ clock, env: { WRITE_RATE_PER_USER_PER_MINUTE: '1000', WRITE_RATE_PER_ADDRESS_PER_MINUTE: '2' } });
  });
  afterAll(() => t.close());

  const signUp = (remoteAddress: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      remoteAddress,
      payload: { email: `u-${Math.random().toString(36).slice(2)}@example.com`, password: 'a long enough passphrase', name: 'U' },
    });

  it('limits writes from one address, signed in or not, and not those of another address', async () => {
    expect((await signUp('203.0.113.7')).statusCode).toBe(201);
    expect((await signUp('203.0.113.7')).statusCode).toBe(201);
    const limited = await signUp('203.0.113.7');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await signUp('198.51.100.9')).statusCode).toBe(201);
  });

  it('exempts POST /api/v1/auth/tokens, which has its own login throttle', async () => {
    const user = await createUser(t);
    for (let i = 0; i < 3; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', remoteAddress: '192.0.2.1', payload: { email: user.email, password: user.password } });
      expect(res.statusCode).toBe(201);
    }
  });
});
