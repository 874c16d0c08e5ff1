// Test data for the invoices and customers tests, built through the services (never by inserting
// rows behind their back). Not a test file itself: vitest only collects *.test.ts.
import type { TestApp } from '../../../test/support/app.ts';
import type { TestUser } from '../../../test/support/factories.ts';
import type { Currency } from '../../config.ts';
import type { Customer } from '../customers/customer.ts';
import type { Invoice } from './invoice.ts';

const signal = () => new AbortController().signal;

export function makeCustomer(t: TestApp, owner: TestUser, name = 'Acme Ltd', email: string | null = null): Promise<Customer> {
  return t.services.customers.create(owner.id, { name, email }, signal());
}

export function makeInvoice(
  t: TestApp,
  owner: TestUser,
  customer: Customer,
  fields: { amountCents?: number; currency?: Currency; memo?: string } = {},
): Promise<Invoice> {
  return t.services.invoices.create(
    owner.id,
    { customerId: customer.id, amountCents: fields.amountCents ?? 1500, currency: fields.currency ?? 'USD', memo: fields.memo ?? '' },
    signal(),
  );
}

/** Makes `n` invoices one after another, so their ids increase in creation order. */
export async function makeInvoices(t: TestApp, owner: TestUser, customer: Customer, n: number): Promise<Invoice[]> {
  const made: Invoice[] = [];
  // Sequential on purpose: the tests rely on creation order matching id order.
  for (let i = 0; i < n; i++) made.push(await makeInvoice(t, owner, customer, { amountCents: 100 + i }));
  return made;
}

/** Follows next_cursor from `url` (which has a `?`) and returns every item, page by page. */
export async function walkPages<T = { id: number }>(t: TestApp, token: string, url: string): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 0;
  let cursor: string | null = null;
  do {
    const res = await t.request('GET', cursor === null ? url : `${url}&cursor=${encodeURIComponent(cursor)}`, { token });
    if (res.status !== 200) throw new Error(`page ${pages + 1} answered ${res.status}: ${JSON.stringify(res.body)}`);
    items.push(...(res.body.data as T[]));
    cursor = res.body.next_cursor as string | null;
    pages += 1;
    if (pages > 1000) throw new Error('pagination does not terminate');
  } while (cursor !== null);
  return { items, pages };
}

export const PROBLEM_JSON = /^application\/problem\+json/;
