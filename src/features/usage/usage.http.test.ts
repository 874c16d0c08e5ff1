import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser, type TestUser } from '../../../test/support/factories.ts';
import { utcMonthOf } from '../../platform/period.ts';

const PROBLEM_JSON = /^application\/problem\+json/;

let t: TestApp;
let alice: TestUser;
beforeAll(async () => {
  t = await startTestApp();
  alice = await createUser(t);
});
afterAll(async () => t.close());

const post = (body: unknown, user: TestUser = alice) => t.request('POST', '/api/v1/usage-events', { token: user.token, body });
const usageOf = (user: TestUser) => t.request('GET', '/api/v1/usage', { token: user.token });
const eventId = () => `evt-${randomBytes(6).toString('hex')}`;
const fieldsOf = (res: { body: { errors?: { field: string }[] } }) => (res.body.errors ?? []).map((e) => e.field);
const quantityOf = (body: { metrics: { metric: string; quantity: number }[] }, metric: string) =>
  body.metrics.find((m) => m.metric === metric)?.quantity;

describe('POST /api/v1/usage-events', () => {
  it('accepts an event with 202 and exactly {accepted, event_id, duplicate}', async () => {
    const id = eventId();
    const res = await post({ event_id: id, metric: 'api.calls', quantity: 3 });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: true, event_id: id, duplicate: false });
  });

  it('accepts a repeated event_id with 202 and ignores it, even with another quantity (the first wins)', async () => {
    const user = await createUser(t);
    const id = eventId();
    expect((await post({ event_id: id, metric: 'storage.gb', quantity: 5 }, user)).status).toBe(202);
    const again = await post({ event_id: id, metric: 'storage.gb', quantity: 500 }, user);
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ accepted: true, event_id: id, duplicate: true });
    const usage = await usageOf(user);
    expect(usage.body.metrics).toEqual([{ metric: 'storage.gb', quantity: 5 }]);
    const { rows } = await t.database.admin.query('SELECT quantity FROM usage_events WHERE user_id = $1', [user.id]);
    expect(rows).toEqual([{ quantity: '5' }]);
  });

  it('scopes event_id to the user: the same id from another user is a new event', async () => {
    const [u1, u2] = [await createUser(t), await createUser(t)];
    const id = eventId();
    expect((await post({ event_id: id, metric: 'm', quantity: 1 }, u1)).body.duplicate).toBe(false);
    expect((await post({ event_id: id, metric: 'm', quantity: 2 }, u2)).body.duplicate).toBe(false);
    expect((await usageOf(u2)).body.metrics).toEqual([{ metric: 'm', quantity: 2 }]);
  });

  it('accepts the bounds: event_id of 1 and 128 characters (code points), quantity 1 and 1000000000, a 64-character metric', async () => {
    const emoji128 = '\u{1F4B8}'.repeat(128);
    for (const body of [
      { event_id: 'x', metric: 'a', quantity: 1 },
      { event_id: emoji128, metric: `a${'b'.repeat(63)}`, quantity: 1_000_000_000 },
      { event_id: eventId(), metric: 'a.b_c9', quantity: 7, occurred_at: '2026-01-02T03:04:05+02:00' },
    ]) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(202);
    }
  });

  it('answers 422 with field errors for a bad metric, quantity, event_id or occurred_at', async () => {
    const ok = { event_id: 'e1', metric: 'api.calls', quantity: 1 };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...ok, metric: 'Api' }, 'metric'],
      [{ ...ok, metric: '1calls' }, 'metric'],
      [{ ...ok, metric: 'api-calls' }, 'metric'],
      [{ ...ok, metric: `a${'b'.repeat(64)}` }, 'metric'],
      [{ ...ok, metric: '' }, 'metric'],
      [{ ...ok, quantity: 0 }, 'quantity'],
      [{ ...ok, quantity: -1 }, 'quantity'],
      [{ ...ok, quantity: 1_000_000_001 }, 'quantity'],
      [{ ...ok, quantity: 1.5 }, 'quantity'],
      [{ ...ok, quantity: '3' }, 'quantity'],
      [{ ...ok, event_id: '' }, 'event_id'],
      [{ ...ok, event_id: 'x'.repeat(129) }, 'event_id'],
      [{ ...ok, occurred_at: 'yesterday' }, 'occurred_at'],
      [{ ...ok, occurred_at: '2026-02-30T00:00:00Z' }, 'occurred_at'],
      [{ ...ok, occurred_at: '2026-01-01T00:00:00' }, 'occurred_at'], // RFC 3339 needs an offset
      [{ metric: 'm', quantity: 1 }, 'event_id'],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(422);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(fieldsOf(res), JSON.stringify(body).slice(0, 80)).toEqual([field]);
    }
  });

  it('answers 400 to malformed JSON and 401 without credentials', async () => {
    const bad = await t.request('POST', '/api/v1/usage-events', {
      token: alice.token,
      payload: '{"event_id":',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    const anon = await t.request('POST', '/api/v1/usage-events', { body: { event_id: 'e', metric: 'm', quantity: 1 } });
    expect(anon.status).toBe(401);
  });

  it('records a batch with one statement, skipping repeats inside it and before it', async () => {
    const user = await createUser(t);
    const signal = new AbortController().signal;
    await t.services.usage.record(user.id, [{ eventId: 'a', metric: 'm', quantity: 1 }], signal);
    const recorded = await t.services.usage.record(
      user.id,
      [
        { eventId: 'a', metric: 'm', quantity: 100 },
        { eventId: 'b', metric: 'm', quantity: 2 },
        { eventId: 'b', metric: 'm', quantity: 200 },
        { eventId: 'c', metric: 'n', quantity: 3 },
      ],
      signal,
    );
    expect(recorded.inserted.sort()).toEqual(['b', 'c']);
    expect(recorded.duplicates).toEqual(['a']);
    expect((await usageOf(user)).body.metrics).toEqual([
      { metric: 'm', quantity: 3 },
      { metric: 'n', quantity: 3 },
    ]);
  });

  it('runs one statement per event recorded over HTTP', async () => {
    const res = await post({ event_id: eventId(), metric: 'api.calls', quantity: 1 });
    // The token lookup is one more (the principal cache is off under APP_ENV=test).
    expect(res.statements).toBe(2);
  });
});

describe('GET /api/v1/usage', () => {
  it('sums the current UTC month per metric, by occurred_at, with exactly the contract shape', async () => {
    const user = await createUser(t);
    const now = new Date();
    const month = utcMonthOf(now);
    const lastMonth = new Date(month.start.getTime() - 1); // 23:59:59.999 on the last day before
    const nextMonth = month.end; // period_end is exclusive
    await post({ event_id: eventId(), metric: 'api.calls', quantity: 10 }, user); // default: now
    await post({ event_id: eventId(), metric: 'api.calls', quantity: 5, occurred_at: month.start.toISOString() }, user);
    await post({ event_id: eventId(), metric: 'api.calls', quantity: 1000, occurred_at: lastMonth.toISOString() }, user);
    await post({ event_id: eventId(), metric: 'api.calls', quantity: 2000, occurred_at: nextMonth.toISOString() }, user);
    await post({ event_id: eventId(), metric: 'emails.sent', quantity: 1_000_000_000 }, user);
    await post({ event_id: eventId(), metric: 'emails.sent', quantity: 1_000_000_000 }, user);
    await post({ event_id: eventId(), metric: 'old.metric', quantity: 7, occurred_at: lastMonth.toISOString() }, user);

    const res = await usageOf(user);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      period_start: month.start.toISOString(),
      period_end: month.end.toISOString(),
      metrics: [
        { metric: 'api.calls', quantity: 15 },
        // Summed as bigint: past 2^31, still a JSON number.
        { metric: 'emails.sent', quantity: 2_000_000_000 },
      ],
    });
    expect(quantityOf(res.body, 'old.metric')).toBeUndefined();
    expect(res.body.period_start).toMatch(/^\d{4}-\d{2}-01T00:00:00\.000Z$/);
  });

  it('answers an empty metrics list for a user without events, and only the caller\'s events', async () => {
    const user = await createUser(t);
    const res = await usageOf(user);
    expect(res.status).toBe(200);
    expect(res.body.metrics).toEqual([]);
    expect(res.statements).toBe(2);
  });

  it('sums a month with one index range scan', async () => {
    const month = utcMonthOf(new Date());
    const admin = t.database.admin;
    // A test table is tiny, where a sequential scan may be cheaper: ask whether the index serves.
    await admin.query('BEGIN');
    await admin.query('SET LOCAL enable_seqscan = off');
    const { rows } = await admin.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT metric, sum(quantity) FROM usage_events
        WHERE user_id = $1 AND occurred_at >= $2 AND occurred_at < $3 GROUP BY metric`,
      [alice.id, month.start, month.end],
    );
    await admin.query('ROLLBACK');
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toMatch(/Index Only Scan using usage_events_user_occurred_idx|Index Scan using usage_events_user_occurred_idx|Bitmap Index Scan on usage_events_user_occurred_idx/);
  });
});
