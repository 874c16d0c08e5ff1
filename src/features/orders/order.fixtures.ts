// Test data for the orders tests, built through the services (never by inserting rows behind
// their back). Not a test file itself: vitest only collects *.test.ts.
import { randomBytes } from 'node:crypto';
import type { TestApp } from '../../../test/support/app.ts';
import type { TestUser } from '../../../test/support/factories.ts';
import { startWorker, waitFor } from '../../platform/jobs/jobs.fixtures.ts';
import type { Product } from '../catalog/catalog.ts';
import { EmailJobs } from '../notifications/email.jobs.ts';
import { JobOrderEvents } from './order.events.ts';

const signal = () => new AbortController().signal;

export const PROBLEM_JSON = /^application\/problem\+json/;
export const ORDER_KEYS = ['created_at', 'currency', 'id', 'items', 'payment_method', 'status', 'total_cents'];
export const ORDER_WITH_EMAIL_KEYS = [...ORDER_KEYS, 'user_email'].sort();
export const ITEM_KEYS = ['line_total_cents', 'product_id', 'product_name', 'qty', 'unit_price_cents'];

export function makeProduct(t: TestApp, priceCents: number, name = `Product ${randomBytes(4).toString('hex')}`): Promise<Product> {
  return t.services.catalog.createProduct({ name, priceCents }, signal());
}

export function deleteProduct(t: TestApp, id: number): Promise<void> {
  return t.services.catalog.deleteProduct(id, signal());
}

export type OrderLine = { product_id: number; qty: number };

export const postOrder = (t: TestApp, user: TestUser, body: unknown, key?: string) =>
  t.request('POST', '/api/v1/orders', { token: user.token, body, ...(key === undefined ? {} : { headers: { 'idempotency-key': key } }) });

/** Rows the orders feature wrote for a user, counted under the API. */
export async function orderRowCounts(t: TestApp, userId: number): Promise<{ orders: number; items: number }> {
  const { rows } = await t.database.admin.query<{ orders: number; items: number }>(
    `SELECT (SELECT count(*)::int FROM orders WHERE user_id = $1) AS orders,
            (SELECT count(*)::int FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.user_id = $1) AS items`,
    [userId],
  );
  return rows[0]!;
}

/** OrderEvents as the application has them (JobOrderEvents), with uncapped card order e-mails. */
export function jobOrderEvents(t: TestApp): JobOrderEvents {
  const { jobs, sendEmail, orderConfirmations, payments } = t.services;
  return new JobOrderEvents({ jobs, emails: new EmailJobs({ queue: jobs, task: sendEmail }), orderConfirmations, payments: payments.tasks });
}

/** The order_confirmations jobs that name any of these orders, oldest first. */
export async function confirmationsJobs(t: TestApp, orderIds: readonly number[]): Promise<{ data: unknown; state: string; singleton_key: string | null; due: boolean }[]> {
  const { rows } = await t.database.admin.query(
    `SELECT data, state, singleton_key, start_after - created_on < interval '1 second' AS due
       FROM pgboss.job j
      WHERE name = 'order_confirmations'
        AND EXISTS (SELECT 1 FROM jsonb_array_elements(j.data->'orders') o WHERE (o->>'id')::int8 = ANY($1::int8[]))
      ORDER BY created_on, id`,
    [orderIds],
  );
  return rows;
}

/**
 * Runs the order_confirmations jobs queued so far, with the application's task in a worker of its
 * own, as `ledgerline worker` would: afterwards each balance order placed before has its e-mail's
 * send_email job (which nothing here runs).
 */
export async function runOrderConfirmations(t: TestApp): Promise<void> {
  // One job at a time, oldest first: the e-mails count against their caps in the orders' order.
  const worker = await startWorker(t.database.url, [t.services.orderConfirmations], { concurrency: 1, settings: { pollIntervalMs: 20 } });
  try {
    const unfinished = async () =>
      (await t.database.admin.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'order_confirmations' AND state <> 'completed'`)).rows[0].n;
    await waitFor(async () => (await unfinished()) === 0, 10_000, 'the order_confirmations jobs to complete');
  } finally {
    await worker.stop();
  }
}
