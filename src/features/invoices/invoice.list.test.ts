import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser, type TestUser } from '../../../test/support/factories.ts';
import { PROBLEM_JSON, makeCustomer, makeInvoice, makeInvoices, walkPages } from './invoice.fixtures.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const signal = () => new AbortController().signal;

describe('GET /api/v1/invoices', () => {
  let alice: TestUser;
  beforeAll(async () => {
    alice = await createUser(t);
  });

  it('walks 7 invoices with limit=2 following next_cursor: every row exactly once, newest first', async () => {
    const walker = await createUser(t);
    const customer = await makeCustomer(t, walker);
    const made = await makeInvoices(t, walker, customer, 7);
    const { items, pages } = await walkPages<{ id: number }>(t, walker.token, '/api/v1/invoices?limit=2');
    expect(pages).toBe(4);
    expect(items.map((i) => i.id)).toEqual(made.map((i) => i.id).reverse());
  });

  it('answers {data, next_cursor} with items shaped like GET /invoices/{id}, and only the caller’s invoices', async () => {
    const bob = await createUser(t);
    const mine = await makeInvoice(t, alice, await makeCustomer(t, alice, 'Mine'));
    await makeInvoice(t, bob, await makeCustomer(t, bob, 'Theirs'));
    const res = await t.request('GET', '/api/v1/invoices', { token: alice.token });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['data', 'next_cursor']);
    expect(res.body.next_cursor).toBeNull();
    expect(res.body.data.map((i: { id: number }) => i.id)).toEqual([mine.id]);
    const single = await t.request('GET', `/api/v1/invoices/${mine.id}`, { token: alice.token });
    expect(res.body.data[0]).toEqual(single.body);
  });

  it('filters by status and by customer_id, alone and together, and pages within a filter', async () => {
    const frank = await createUser(t);
    const a = await makeCustomer(t, frank, 'A');
    const b = await makeCustomer(t, frank, 'B');
    const [a1, a2, a3] = await makeInvoices(t, frank, a, 3);
    const [b1, b2] = await makeInvoices(t, frank, b, 2);
    await t.services.invoices.markPaid(frank.id, a2!.id, signal());
    await t.services.invoices.markPaid(frank.id, b1!.id, signal());
    await t.services.invoices.void(frank.id, a3!.id, signal());
    const ids = async (query: string) => (await walkPages<{ id: number }>(t, frank.token, `/api/v1/invoices?${query}`)).items.map((i) => i.id);

    expect(await ids('status=open')).toEqual([b2!.id, a1!.id]);
    expect(await ids('status=paid')).toEqual([b1!.id, a2!.id]);
    expect(await ids('status=void')).toEqual([a3!.id]);
    expect(await ids(`customer_id=${a.id}`)).toEqual([a3!.id, a2!.id, a1!.id]);
    expect(await ids(`customer_id=${b.id}&status=paid`)).toEqual([b1!.id]);
    expect(await ids(`customer_id=${a.id}&limit=1`)).toEqual([a3!.id, a2!.id, a1!.id]);
    // Someone else's customer id filters to nothing rather than leaking anything.
    const other = await makeCustomer(t, alice, 'Not Franks');
    expect(await ids(`customer_id=${other.id}`)).toEqual([]);
  });

  it('answers 400 for an unknown status, a malformed customer_id, a bad limit or a malformed cursor', async () => {
    const queries = [
      'status=bogus',
      'status=OPEN',
      'customer_id=abc',
      'customer_id=0',
      'limit=0',
      'limit=201',
      'limit=abc',
      'cursor=%%%',
      'cursor=bm90LWpzb24',
      `cursor=${Buffer.from('[1,2]').toString('base64url')}`,
    ];
    for (const query of queries) {
      const res = await t.request('GET', `/api/v1/invoices?${query}`, { token: alice.token });
      expect(res.status, query).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    }
  });

  it('answers 401 without a token', async () => {
    const res = await t.request('GET', '/api/v1/invoices');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
  });

  it('runs the same number of SQL statements for limit=5 as for limit=200, one besides authentication', async () => {
    const grace = await createUser(t);
    // Several customers, so that a per-row customer lookup would show up as extra statements.
    const customers = [];
    for (let i = 0; i < 4; i++) customers.push(await makeCustomer(t, grace, `Customer ${i}`));
    for (let i = 0; i < 12; i++) await makeInvoice(t, grace, customers[i % customers.length]!);
    const small = await t.request('GET', '/api/v1/invoices?limit=5', { token: grace.token });
    const large = await t.request('GET', '/api/v1/invoices?limit=200', { token: grace.token });
    expect(small.body.data).toHaveLength(5);
    expect(large.body.data).toHaveLength(12);
    expect(Number.isInteger(small.statements)).toBe(true);
    expect(large.statements).toBe(small.statements);
    const filtered = await t.request('GET', `/api/v1/invoices?limit=200&status=open&customer_id=${customers[0]!.id}`, { token: grace.token });
    expect(filtered.statements).toBe(small.statements);
    const authOnly = (await t.request('GET', '/api/v1/invoices/abc', { token: grace.token })).statements;
    expect(small.statements).toBe(authOnly + 1);
  });
});
