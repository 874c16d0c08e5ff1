// Acceptance: the per-user side-effect caps on orders. Card orders over CARD_PAYMENTS_PER_USER_PER_MINUTE
// are refused with nothing written (card-testing protection); order confirmations over
// EMAILS_PER_USER_PER_MINUTE still place the order, and their e-mail starts in a later minute.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser, type TestUser } from '../../../test/support/factories.ts';
import type { Clock } from '../../platform/clock.ts';
import { RateLimitedError } from '../../platform/errors.ts';
import { RateLimitBuckets } from '../../platform/http/rate-limit.ts';
import { CardPaymentCap } from '../../platform/side-effect-caps.ts';
import { fund } from '../balance/balance.fixtures.ts';
import type { Product } from '../catalog/catalog.ts';
import type { OrderEvents } from './order.events.ts';
import { jobOrderEvents, makeProduct, orderRowCounts, postOrder, runOrderConfirmations } from './order.fixtures.ts';
import { OrderService } from './order.service.ts';

/** A clock the tests move by hand, 15 s into a minute: the window has 45 s left. */
function movableClock(): Clock & { advance(ms: number): void; windowEnd(): Date } {
  const start = Date.now();
  let now = start - (start % 60_000) + 15_000;
  return { now: () => new Date(now), advance: (ms) => (now += ms), windowEnd: () => new Date(now - (now % 60_000) + 60_000) };
}

const MINUTE = 60_000;
const signal = () => new AbortController().signal;

/** The jobs of one queue for a user's orders, oldest first. */
async function jobsFor(t: TestApp, queue: string, userId: number): Promise<{ order_id: number; start_after: Date; created_on: Date }[]> {
  const { rows } = await t.database.admin.query(
    `SELECT (j.data->>'order_id')::int AS order_id, j.start_after, j.created_on
       FROM pgboss.job j JOIN orders o ON o.id = (j.data->>'order_id')::bigint
      WHERE j.name = $1 AND o.user_id = $2
      ORDER BY o.id`,
    [queue, userId],
  );
  return rows;
}

describe('card payments per user per minute', () => {
  let t: TestApp;
  let staff: TestUser;
  let alice: TestUser;
  let bob: TestUser;
  let product: Product;
  const clock = movableClock();
  const card = () => ({ items: [{ product_id: product.id, qty: 1 }], payment_method: 'card' });
  beforeAll(async () => {
    t = await startTestApp({ clock, env: { CARD_PAYMENTS_PER_USER_PER_MINUTE: '2' } });
    [staff, alice, bob] = [await createUser(t, { staff: true }), await createUser(t), await createUser(t)];
    product = await makeProduct(t, 500);
  });
  afterAll(() => t.close());

  it('refuses the (cap+1)th card order of a user in a minute with 429 and Retry-After, writing no order and no job', async () => {
    for (let i = 0; i < 2; i++) expect((await postOrder(t, alice, card())).status).toBe(201);
    const before = await orderRowCounts(t, alice.id);

    const refused = await postOrder(t, alice, card());
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(refused.headers['retry-after'])).toBe(45);
    expect(await orderRowCounts(t, alice.id)).toEqual(before);
    expect(await jobsFor(t, 'process_payment', alice.id)).toHaveLength(2);
    expect(await jobsFor(t, 'send_email', alice.id)).toHaveLength(2);
  });

  it('leaves another user unaffected', async () => {
    expect((await postOrder(t, bob, card())).status).toBe(201);
  });

  it('does not count balance orders, which never reach the gateway', async () => {
    await fund(t, staff, alice, 10_000);
    for (let i = 0; i < 3; i++) expect((await postOrder(t, alice, { ...card(), payment_method: 'balance' })).status).toBe(201);
  });

  it('does not store the refusal under an Idempotency-Key: the same request goes through in the next minute', async () => {
    expect((await postOrder(t, alice, card(), 'card-retry')).status).toBe(429);
    clock.advance(MINUTE);
    const placed = await postOrder(t, alice, card(), 'card-retry');
    expect(placed.status).toBe(201);
    expect(placed.headers['idempotent-replayed']).toBeUndefined();
  });

  it('does not count an order that rolled back', async () => {
    clock.advance(MINUTE);
    const { balanceOrderJobs } = jobOrderEvents(t);
    const failing: OrderEvents = {
      balanceOrderJobs,
      ordersPlaced: () => Promise.reject(new Error('enqueue failed')),
      orderCancelled: () => Promise.resolve(),
    };
    const withEvents = (events: OrderEvents) =>
      new OrderService({
        db: t.db,
        balance: t.services.balance,
        events,
        currency: 'USD',
        cardPayments: new CardPaymentCap({ buckets: new RateLimitBuckets({ db: t.db, clock }), perMinute: 1 }),
      });
    const input = { items: [{ productId: product.id, qty: 1 }], paymentMethod: 'card' as const };
    for (let i = 0; i < 3; i++) await expect(withEvents(failing).create(bob.id, input, signal())).rejects.toThrow('enqueue failed');
    const quiet: OrderEvents = { balanceOrderJobs, ordersPlaced: () => Promise.resolve(), orderCancelled: () => Promise.resolve() };
    await expect(withEvents(quiet).create(bob.id, input, signal())).resolves.toMatchObject({ status: 'pending' });
    await expect(withEvents(quiet).create(bob.id, input, signal())).rejects.toBeInstanceOf(RateLimitedError);
  });
});

describe('order e-mails per user per minute', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let product: Product;
  const clock = movableClock();
  const card = () => ({ items: [{ product_id: product.id, qty: 1 }], payment_method: 'card' });
  beforeAll(async () => {
    t = await startTestApp({ clock, env: { EMAILS_PER_USER_PER_MINUTE: '2' } });
    [alice, bob] = [await createUser(t), await createUser(t)];
    product = await makeProduct(t, 500);
  });
  afterAll(() => t.close());

  it('places every order, and starts the confirmations over the cap in later minutes, the cap per minute', async () => {
    for (let i = 0; i < 5; i++) expect((await postOrder(t, alice, card())).status).toBe(201);
    const jobs = await jobsFor(t, 'send_email', alice.id);
    expect(jobs).toHaveLength(5);
    // Within the cap: due at once (pg-boss's own start time, the moment it was enqueued).
    for (const job of jobs.slice(0, 2)) expect(Math.abs(job.start_after.getTime() - job.created_on.getTime())).toBeLessThan(1000);
    // Over it: the 3rd and 4th when this minute ends, the 5th a minute later.
    const windowEnd = clock.windowEnd().getTime();
    expect(jobs.slice(2).map((j) => j.start_after.getTime())).toEqual([windowEnd, windowEnd, windowEnd + MINUTE]);
    // The payment jobs are not e-mails: never deferred.
    for (const job of await jobsFor(t, 'process_payment', alice.id)) {
      expect(Math.abs(job.start_after.getTime() - job.created_on.getTime())).toBeLessThan(1000);
    }
  });

  it('counts the confirmations of balance orders against the same cap when their set’s job runs', async () => {
    clock.advance(MINUTE);
    const [staff, carol] = [await createUser(t, { staff: true }), await createUser(t)];
    await fund(t, staff, carol, 10_000);
    const balance = () => ({ items: [{ product_id: product.id, qty: 1 }], payment_method: 'balance' });
    expect((await postOrder(t, carol, card())).status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await postOrder(t, carol, balance())).status).toBe(201);
    // Placed, not yet counted: their e-mails are enqueued, and counted, when their sets' jobs run.
    expect(await jobsFor(t, 'send_email', carol.id)).toHaveLength(1);
    await runOrderConfirmations(t);
    expect((await postOrder(t, carol, card())).status).toBe(201);
    const jobs = await jobsFor(t, 'send_email', carol.id);
    expect(jobs).toHaveLength(5);
    for (const job of jobs.slice(0, 2)) expect(Math.abs(job.start_after.getTime() - job.created_on.getTime())).toBeLessThan(1000);
    const windowEnd = clock.windowEnd().getTime();
    expect(jobs.slice(2).map((j) => j.start_after.getTime())).toEqual([windowEnd, windowEnd, windowEnd + MINUTE]);
  });

  it('counts each user separately', async () => {
    expect((await postOrder(t, bob, card())).status).toBe(201);
    const [job] = await jobsFor(t, 'send_email', bob.id);
    expect(Math.abs(job!.start_after.getTime() - job!.created_on.getTime())).toBeLessThan(1000);
  });
});
