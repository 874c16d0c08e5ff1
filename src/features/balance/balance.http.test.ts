// Acceptance: GET /balance and staff balance adjustments through HTTP, with the ledger invariant
// (balance = sum of ledger rows, never negative) checked with SQL after each scenario.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser, type TestUser } from '../../../test/support/factories.ts';
import { balanceAndLedgerSum, fund, ledgerInvariantViolations } from './balance.fixtures.ts';

const PROBLEM_JSON = /^application\/problem\+json/;
const LEDGER_KEYS = ['amount_cents', 'created_at', 'id', 'kind', 'reference'];

let t: TestApp;
let staff: TestUser;
beforeAll(async () => {
  t = await startTestApp();
  staff = await createUser(t, { staff: true });
});
afterEach(async () => {
  expect(await ledgerInvariantViolations(t)).toEqual([]);
});
afterAll(async () => t.close());

const adjust = (user: TestUser, body: unknown, options: { as?: TestUser; key?: string } = {}) =>
  t.request('POST', `/api/v1/users/${user.id}/balance-adjustments`, {
    token: (options.as ?? staff).token,
    body,
    ...(options.key === undefined ? {} : { headers: { 'idempotency-key': options.key } }),
  });

describe('GET /api/v1/balance', () => {
  it('answers a new user with a zero balance in the base currency and no transactions', async () => {
    const user = await createUser(t);
    const res = await t.request('GET', '/api/v1/balance', { token: user.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ balance_cents: 0, currency: 'USD', transactions: [] });
  });

  it('lists the 20 most recent ledger rows, newest first, and the balance that is their sum', async () => {
    const user = await createUser(t);
    for (let i = 1; i <= 25; i++) await fund(t, staff, user, i);
    const res = await t.request('GET', '/api/v1/balance', { token: user.token });
    expect(res.status).toBe(200);
    expect(res.body.balance_cents).toBe((25 * 26) / 2);
    expect(res.body.transactions).toHaveLength(20);
    expect(res.body.transactions.map((r: { amount_cents: number }) => r.amount_cents)).toEqual(
      Array.from({ length: 20 }, (_, i) => 25 - i),
    );
    for (const row of res.body.transactions) {
      expect(Object.keys(row).sort()).toEqual(LEDGER_KEYS);
      expect(row.kind).toBe('adjustment');
      expect(row.reference).toBe('test funding');
      expect(new Date(row.created_at).toISOString()).toBe(row.created_at);
    }
    // One statement for the balance and its rows, besides authentication.
    expect(res.statements).toBe(2);
  });

  it('answers 401 without credentials', async () => {
    const res = await t.request('GET', '/api/v1/balance');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
  });
});

describe('POST /api/v1/users/{id}/balance-adjustments', () => {
  it('credits the balance and answers 201 with the ledger row, its reference being the reason', async () => {
    const user = await createUser(t);
    const res = await adjust(user, { amount_cents: 1500, reason: 'Goodwill credit' });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(LEDGER_KEYS);
    expect(res.body).toMatchObject({ amount_cents: 1500, kind: 'adjustment', reference: 'Goodwill credit' });
    expect(res.body.id).toBeGreaterThan(0);
    const balance = await t.request('GET', '/api/v1/balance', { token: user.token });
    expect(balance.body.balance_cents).toBe(1500);
    expect(balance.body.transactions).toEqual([res.body]);
    const { rows } = await t.database.admin.query('SELECT created_by FROM balance_ledger WHERE id = $1', [res.body.id]);
    expect(Number(rows[0].created_by)).toBe(staff.id);
  });

  it('debits the balance with a negative adjustment down to exactly zero', async () => {
    const user = await createUser(t);
    await fund(t, staff, user, 700);
    const res = await adjust(user, { amount_cents: -700, reason: 'Correction' });
    expect(res.status).toBe(201);
    expect(res.body.amount_cents).toBe(-700);
    expect(await balanceAndLedgerSum(t, user.id)).toEqual({ balance: 0, ledgerSum: 0, rows: 2 });
  });

  it('refuses an adjustment that would take the balance below zero with 422 insufficient-funds, writing nothing', async () => {
    const user = await createUser(t);
    await fund(t, staff, user, 300);
    const res = await adjust(user, { amount_cents: -301, reason: 'Too much' });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(res.body.type).toMatch(/\/insufficient-funds$/);
    expect(res.body).toMatchObject({ status: 422, required_cents: 301, available_cents: 300 });
    expect(typeof res.body.title).toBe('string');
    expect(typeof res.body.detail).toBe('string');
    expect(await balanceAndLedgerSum(t, user.id)).toEqual({ balance: 300, ledgerSum: 300, rows: 1 });
  });

  it('answers 401 without credentials and 403 for a user who is not staff, changing nothing', async () => {
    const user = await createUser(t);
    const anonymous = await t.request('POST', `/api/v1/users/${user.id}/balance-adjustments`, { body: { amount_cents: 5, reason: 'x' } });
    expect(anonymous.status).toBe(401);
    const self = await adjust(user, { amount_cents: 5, reason: 'x' }, { as: user });
    expect(self.status).toBe(403);
    expect(self.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(await balanceAndLedgerSum(t, user.id)).toEqual({ balance: 0, ledgerSum: 0, rows: 0 });
  });

  it('answers 404 for a user that does not exist and 400 for an id that is not a positive integer', async () => {
    const missing = await t.request('POST', '/api/v1/users/999999999/balance-adjustments', {
      token: staff.token,
      body: { amount_cents: 5, reason: 'x' },
    });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(PROBLEM_JSON);
    for (const id of ['abc', '0', '-1']) {
      const bad = await t.request('POST', `/api/v1/users/${id}/balance-adjustments`, { token: staff.token, body: { amount_cents: 5, reason: 'x' } });
      expect(bad.status).toBe(400);
    }
  });

  it('answers 422 with field errors for a zero, fractional, textual or out-of-range amount and a missing, blank or long reason', async () => {
    const user = await createUser(t);
    const cases: [unknown, string][] = [
      [{ amount_cents: 0, reason: 'zero' }, 'amount_cents'],
      [{ amount_cents: 1.5, reason: 'fraction' }, 'amount_cents'],
      [{ amount_cents: '100', reason: 'text' }, 'amount_cents'],
      [{ amount_cents: 100_000_000_001, reason: 'huge' }, 'amount_cents'],
      [{ amount_cents: -100_000_000_001, reason: 'huge' }, 'amount_cents'],
      [{ reason: 'no amount' }, 'amount_cents'],
      [{ amount_cents: 5 }, 'reason'],
      [{ amount_cents: 5, reason: '' }, 'reason'],
      [{ amount_cents: 5, reason: '   ' }, 'reason'],
      [{ amount_cents: 5, reason: 'x'.repeat(281) }, 'reason'],
      [{ amount_cents: 5, reason: '😀'.repeat(281) }, 'reason'],
      [{ amount_cents: 5, reason: 42 }, 'reason'],
    ];
    for (const [body, field] of cases) {
      const res = await adjust(user, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body.errors.map((e: { field: string }) => e.field), JSON.stringify(body)).toContain(field);
    }
    expect(await balanceAndLedgerSum(t, user.id)).toEqual({ balance: 0, ledgerSum: 0, rows: 0 });
  });

  it('counts the reason in Unicode characters: 280 emoji are accepted', async () => {
    const user = await createUser(t);
    const reason = '😀'.repeat(280);
    const res = await adjust(user, { amount_cents: 100_000_000_000, reason });
    expect(res.status).toBe(201);
    expect(res.body.reference).toBe(reason);
  });

  it('refuses a credit that would take the balance past 2^53 − 1 with a 422, writing nothing', async () => {
    const user = await createUser(t);
    // Build a near-limit balance under the API, keeping balance = ledger sum.
    const nearLimit = Number.MAX_SAFE_INTEGER - 10;
    await t.database.admin.query(
      `WITH l AS (INSERT INTO balance_ledger (user_id, amount_cents, kind, reference) VALUES ($1, $2, 'adjustment', 'setup'))
       UPDATE users SET balance_cents = $2 WHERE id = $1`,
      [user.id, nearLimit],
    );
    const res = await adjust(user, { amount_cents: 11, reason: 'over the top' });
    expect(res.status).toBe(422);
    expect(res.body.type).toMatch(/\/limit-exceeded$/);
    expect(await balanceAndLedgerSum(t, user.id)).toEqual({ balance: nearLimit, ledgerSum: nearLimit, rows: 1 });
  });

  it('lets exactly as many concurrent negative adjustments through as the balance covers', async () => {
    const user = await createUser(t);
    await fund(t, staff, user, 1000);
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => adjust(user, { amount_cents: -100, reason: `take ${i}` })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(10);
    expect(results.filter((r) => r.status === 422)).toHaveLength(15);
    expect(await balanceAndLedgerSum(t, user.id)).toEqual({ balance: 0, ledgerSum: 0, rows: 11 });
  });
});

describe('POST /api/v1/users/{id}/balance-adjustments with an Idempotency-Key', () => {
  it('replays the first 201 for the same key and body, writing one ledger row', async () => {
    const user = await createUser(t);
    const body = { amount_cents: 250, reason: 'once' };
    const first = await adjust(user, body, { key: 'adj-1' });
    expect(first.status).toBe(201);
    const second = await adjust(user, { reason: 'once', amount_cents: 250 }, { key: 'adj-1' });
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(await balanceAndLedgerSum(t, user.id)).toEqual({ balance: 250, ledgerSum: 250, rows: 1 });
  });

  it('stores an insufficient-funds outcome and replays it even after the balance could cover it', async () => {
    const user = await createUser(t);
    const body = { amount_cents: -500, reason: 'not yet' };
    const first = await adjust(user, body, { key: 'adj-2' });
    expect(first.status).toBe(422);
    expect(first.body).toMatchObject({ required_cents: 500, available_cents: 0 });
    await fund(t, staff, user, 1000);
    const replay = await adjust(user, body, { key: 'adj-2' });
    expect(replay.status).toBe(422);
    expect(replay.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(replay.body).toEqual(first.body);
    expect(await balanceAndLedgerSum(t, user.id)).toEqual({ balance: 1000, ledgerSum: 1000, rows: 1 });
  });

  it('answers 422 for the same key with a different body, and applies nothing more', async () => {
    const user = await createUser(t);
    expect((await adjust(user, { amount_cents: 10, reason: 'a' }, { key: 'adj-3' })).status).toBe(201);
    const reused = await adjust(user, { amount_cents: 11, reason: 'a' }, { key: 'adj-3' });
    expect(reused.status).toBe(422);
    expect(reused.body.type).toMatch(/\/key-reused$/);
    expect(await balanceAndLedgerSum(t, user.id)).toEqual({ balance: 10, ledgerSum: 10, rows: 1 });
  });

  it('applies one adjustment from 10 concurrent requests with one key; each answer is it (201) or a 409', async () => {
    const user = await createUser(t);
    const body = { amount_cents: 42, reason: 'race' };
    const results = await Promise.all(Array.from({ length: 10 }, () => adjust(user, body, { key: 'adj-race' })));
    for (const r of results) expect([201, 409]).toContain(r.status);
    const created = results.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const r of created) expect(r.body).toEqual(created[0]!.body);
    expect(await balanceAndLedgerSum(t, user.id)).toEqual({ balance: 42, ledgerSum: 42, rows: 1 });
  });
});
