// Acceptance: every e-mail a user's actions cause counts against EMAILS_PER_USER_PER_MINUTE, not
// only order confirmations: the payment-failed e-mail (sent by a job that knows only the order)
// and the password reset link. Over the cap they are still sent, from a later minute on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser, type TestUser } from '../../../test/support/factories.ts';
import type { Clock } from '../../platform/clock.ts';
import { makeProduct, postOrder } from '../orders/order.fixtures.ts';

const MINUTE = 60_000;

/** 15 s into the current minute, fixed: the window ends 45 s later. */
function pinnedClock(): Clock & { windowEnd: number } {
  const start = Date.now();
  const now = start - (start % MINUTE) + 15_000;
  return { now: () => new Date(now), windowEnd: now - (now % MINUTE) + MINUTE };
}

/** The user's send_email jobs by kind, oldest first (orders and resets joined to find the owner). */
async function emailJobs(t: TestApp, userId: number): Promise<{ kind: string; start_after: Date; created_on: Date }[]> {
  const { rows } = await t.database.admin.query(
    `SELECT j.data->>'kind' AS kind, j.start_after, j.created_on
       FROM pgboss.job j
       LEFT JOIN orders o ON o.id = (j.data->>'order_id')::bigint
       LEFT JOIN password_resets r ON r.id = (j.data->>'reset_id')::bigint
      WHERE j.name = 'send_email' AND coalesce(o.user_id, r.user_id) = $1
      ORDER BY j.created_on, j.id`,
    [userId],
  );
  return rows;
}

const dueAtOnce = (job: { start_after: Date; created_on: Date }) => Math.abs(job.start_after.getTime() - job.created_on.getTime()) < 1000;

describe('e-mails per user per minute', () => {
  let t: TestApp;
  let alice: TestUser;
  const clock = pinnedClock();
  beforeAll(async () => {
    t = await startTestApp({ clock, env: { EMAILS_PER_USER_PER_MINUTE: '2' } });
    alice = await createUser(t);
  });
  afterAll(() => t.close());

  it('counts payment-failed and password reset e-mails with the order confirmations, and defers those over the cap', async () => {
    const product = await makeProduct(t, 700);
    const placed = await postOrder(t, alice, { items: [{ product_id: product.id, qty: 1 }], payment_method: 'card' });
    expect(placed.status).toBe(201);
    // The card is declined for good: the order fails and its owner is e-mailed (the 2nd e-mail).
    await t.services.payments.failPayment(placed.body.id, new AbortController().signal);
    // The 3rd and 4th: password reset links, the 4th by a request that is still answered 202.
    for (let i = 0; i < 2; i++) expect((await t.request('POST', '/api/v1/auth/password-reset', { body: { email: alice.email } })).status).toBe(202);
    // The 5th: an order confirmation again.
    expect((await postOrder(t, alice, { items: [{ product_id: product.id, qty: 1 }], payment_method: 'card' })).status).toBe(201);

    const jobs = await emailJobs(t, alice.id);
    expect(jobs.map((j) => j.kind)).toEqual(['order_confirmation', 'payment_failed', 'password_reset', 'password_reset', 'order_confirmation']);
    expect(jobs.slice(0, 2).every(dueAtOnce)).toBe(true);
    expect(jobs.slice(2).map((j) => j.start_after.getTime())).toEqual([clock.windowEnd, clock.windowEnd, clock.windowEnd + MINUTE]);
  });
});
