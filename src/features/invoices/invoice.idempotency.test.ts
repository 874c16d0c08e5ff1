import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser, type TestUser } from '../../../test/support/factories.ts';
import type { Customer } from '../customers/customer.ts';
import { makeCustomer } from './invoice.fixtures.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

/** A user with one customer, and a way to count that user's invoices under the API. */
async function setUp(): Promise<{ user: TestUser; customer: Customer; count: () => Promise<number> }> {
  const user = await createUser(t);
  const customer = await makeCustomer(t, user);
  const count = async () => {
    const { rows } = await t.database.admin.query<{ n: number }>('SELECT count(*)::int AS n FROM invoices WHERE owner_id = $1', [user.id]);
    return rows[0]!.n;
  };
  return { user, customer, count };
}

const postWithKey = (user: TestUser, key: string, body: unknown) =>
  t.request('POST', '/api/v1/invoices', { token: user.token, body, headers: { 'idempotency-key': key } });

describe('POST /api/v1/invoices with an Idempotency-Key', () => {
  it('replays the first response (same status and body) for the same key and body, creating one invoice', async () => {
    const { user, customer, count } = await setUp();
    const body = { customer_id: customer.id, amount_cents: 2500, currency: 'USD', memo: 'once' };
    const first = await postWithKey(user, 'key-1', body);
    expect(first.status).toBe(201);
    // The same JSON value with its keys in another order is the same body.
    const second = await postWithKey(user, 'key-1', { memo: 'once', currency: 'USD', amount_cents: 2500, customer_id: customer.id });
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(await count()).toBe(1);
  });

  it('answers 422 for the same key with a different body, and creates nothing more', async () => {
    const { user, customer, count } = await setUp();
    const first = await postWithKey(user, 'key-2', { customer_id: customer.id, amount_cents: 100, currency: 'USD' });
    expect(first.status).toBe(201);
    const reused = await postWithKey(user, 'key-2', { customer_id: customer.id, amount_cents: 101, currency: 'USD' });
    expect(reused.status).toBe(422);
    expect(reused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await count()).toBe(1);
  });

  it('stores nothing for a request rejected with a field error, so a corrected retry with the key succeeds', async () => {
    const { user, customer, count } = await setUp();
    const stranger = await createUser(t);
    const notMine = await makeCustomer(t, stranger, 'Not mine');

    // Rejected by the schema (before the handler runs).
    const badAmount = await postWithKey(user, 'key-3', { customer_id: customer.id, amount_cents: '100', currency: 'USD' });
    expect(badAmount.status).toBe(422);
    // Rejected by the service (inside the idempotent work): customer_id is not the caller's.
    const badCustomer = await postWithKey(user, 'key-3', { customer_id: notMine.id, amount_cents: 100, currency: 'USD' });
    expect(badCustomer.status).toBe(422);
    expect(badCustomer.body.errors.map((e: { field: string }) => e.field)).toEqual(['customer_id']);
    expect(await count()).toBe(0);

    const corrected = await postWithKey(user, 'key-3', { customer_id: customer.id, amount_cents: 100, currency: 'USD' });
    expect(corrected.status).toBe(201);
    expect(await count()).toBe(1);
  });

  it('scopes keys to the user: another user sending the same key creates their own invoice', async () => {
    const one = await setUp();
    const two = await setUp();
    const a = await postWithKey(one.user, 'shared-key', { customer_id: one.customer.id, amount_cents: 300, currency: 'GBP' });
    const b = await postWithKey(two.user, 'shared-key', { customer_id: two.customer.id, amount_cents: 300, currency: 'GBP' });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.id).not.toBe(a.body.id);
    expect(b.body.customer_id).toBe(two.customer.id);
    expect(await one.count()).toBe(1);
    expect(await two.count()).toBe(1);
  });

  it('creates exactly one invoice from 10 concurrent requests with one key; each answer is it (201) or a 409', async () => {
    const { user, customer, count } = await setUp();
    const body = { customer_id: customer.id, amount_cents: 999, currency: 'EUR' };
    const results = await Promise.all(Array.from({ length: 10 }, () => postWithKey(user, 'race-key', body)));
    expect(await count()).toBe(1);
    const created = results.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const r of results) expect([201, 409]).toContain(r.status);
    for (const r of created) expect(r.body).toEqual(created[0]!.body);
    const replay = await postWithKey(user, 'race-key', body);
    expect(replay.body).toEqual(created[0]!.body);
  });

  it('answers 400 for a key longer than 255 characters, and without a key every POST creates an invoice', async () => {
    const { user, customer, count } = await setUp();
    const body = { customer_id: customer.id, amount_cents: 100, currency: 'USD' };
    expect((await postWithKey(user, 'k'.repeat(256), body)).status).toBe(400);
    expect(await count()).toBe(0);
    await t.request('POST', '/api/v1/invoices', { token: user.token, body });
    await t.request('POST', '/api/v1/invoices', { token: user.token, body });
    expect(await count()).toBe(2);
  });
});
