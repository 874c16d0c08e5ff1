// Balance orders placed in sets (BalanceOrderBatches over OrderService.placeBalance): concurrent
// requests' orders share their statement, and each still gets the outcome it would have had
// alone. On a pool of its own that counts every statement.
import type { Logger } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser, type TestUser } from '../../../test/support/factories.ts';
import { Database, type Db } from '../../platform/db/db.ts';
import { CancelledError } from '../../platform/db/errors.ts';
import { InsufficientFundsError } from '../balance/balance.errors.ts';
import { balanceAndLedgerSum, fund, ledgerInvariantViolations } from '../balance/balance.fixtures.ts';
import type { Product } from '../catalog/catalog.ts';
import { BalanceOrderBatches, type WantedOrder } from './order-batches.ts';
import { OrderItemsInvalidError } from './order.errors.ts';
import { confirmationsJobs, deleteProduct, jobOrderEvents, makeProduct, orderRowCounts, runOrderConfirmations } from './order.fixtures.ts';
import { OrderService } from './order.service.ts';
import type { Order } from './order.ts';

const signal = () => new AbortController().signal;

let t: TestApp;
let db: Database;
let statements = 0;
let orders: OrderService;
let staff: TestUser;
let product: Product;
beforeAll(async () => {
  t = await startTestApp();
  db = new Database({ connectionString: t.database.url, poolSize: 8, applicationName: 'test-order-batches', onStatement: () => statements++ });
  orders = new OrderService({ db, balance: t.services.balance.withDb(db), events: jobOrderEvents(t), currency: 'USD' });
  staff = await createUser(t, { staff: true });
  product = await makeProduct(t, 250);
  // The first set of a database creates its job's queue; the counts below are for later ones.
  const [early] = await fundedUsers(1, 1_000);
  await buy(orders, early!, 1);
});
afterAll(async () => {
  await db?.close();
  await t.close();
});

async function fundedUsers(n: number, cents: number): Promise<TestUser[]> {
  const users = await Promise.all(Array.from({ length: n }, () => createUser(t)));
  for (const user of users) await fund(t, staff, user, cents);
  return users;
}

const buy = (service: OrderService, user: TestUser, qty: number, productId = product.id, s = signal()) =>
  service.create(user.id, { items: [{ productId, qty }], paymentMethod: 'balance' }, s);

describe('balance orders placed in sets', () => {
  it('places the orders asked for together in one set, two per user, in one statement for 40 orders or 200', async () => {
    for (const n of [20, 100]) {
      const users = await fundedUsers(n, 10_000);
      const qty = (i: number) => 1 + (i % 3);
      const before = statements;
      const placed = await Promise.all(users.flatMap((u, i) => [buy(orders, u, qty(i)), buy(orders, u, qty(i))]));
      // PlaceBalanceOrders, and the wake-up of idle workers after it.
      expect(statements - before).toBe(2);
      expect(placed.map((o) => [o.userId, o.status, o.totalCents])).toEqual(users.flatMap((u, i) => [[u.id, 'paid', 250 * qty(i)], [u.id, 'paid', 250 * qty(i)]]));
      for (const [i, u] of users.entries()) {
        expect(await balanceAndLedgerSum(t, u.id)).toEqual({ balance: 10_000 - 500 * qty(i), ledgerSum: 10_000 - 500 * qty(i), rows: 3 });
      }
      // One job for the set's confirmations, naming its orders in the set's order; its run
      // enqueues each order's e-mail.
      expect((await confirmationsJobs(t, placed.map((o) => o.id))).map((j) => j.data)).toEqual([{ orders: placed.map((o) => ({ id: o.id, user_id: o.userId })) }]);
      await runOrderConfirmations(t);
      const { rows: emails } = await t.database.admin.query(
        `SELECT data FROM pgboss.job WHERE name = 'send_email' AND (data->>'order_id')::int8 = ANY($1::int8[]) ORDER BY (data->>'order_id')::int8, id`,
        [placed.map((o) => o.id)],
      );
      const byId = [...placed].sort((a, b) => a.id - b.id);
      expect(emails.map((r) => r.data)).toEqual(byId.map((o) => ({ kind: 'order_confirmation', order_id: o.id })));
    }
    expect(await ledgerInvariantViolations(t)).toEqual([]);
  });

  it('writes the set’s job as the job queue enqueues one, in every column pg-boss and the worker read', async () => {
    const [user] = await fundedUsers(1, 1_000);
    const placed = await buy(orders, user!, 1);
    // An id no order has: the job the queue enqueues, to compare with.
    const unplacedId = placed.id + 1_000_000_000;
    await t.services.jobs.enqueue(t.db, t.services.orderConfirmations, { orders: [{ id: unplacedId, user_id: user!.id }] }, signal());
    const shape = async (orderId: number) => {
      const { rows } = await t.database.admin.query(
        `SELECT name, state, priority, singleton_key, singleton_on, dead_letter, policy, retry_limit, retry_count, retry_delay,
                retry_backoff, expire_in, keep_until - start_after AS keep_for, start_after - created_on < interval '1 second' AS due
           FROM pgboss.job WHERE name = 'order_confirmations' AND data = jsonb_build_object('orders', jsonb_build_array(jsonb_build_object('id', $1::int8, 'user_id', $2::int8)))`,
        [orderId, user!.id],
      );
      return rows;
    };
    const written = await shape(placed.id);
    expect(written).toHaveLength(1);
    expect(written).toEqual(await shape(unplacedId));
    expect(written[0]).toMatchObject({ name: 'order_confirmations', state: 'created', singleton_key: null, due: true });
  });

  it('gives each order of a set its own outcome: a short balance or a missing product fails that order alone', async () => {
    const [first, rich, poor, unlucky, other] = await fundedUsers(5, 1_000);
    const gone = await makeProduct(t, 100);
    await deleteProduct(t, gone.id);
    const outcomes = await Promise.allSettled([
      buy(orders, first!, 1),
      buy(orders, rich!, 4),
      buy(orders, poor!, 5),
      buy(orders, unlucky!, 1, gone.id),
      buy(orders, other!, 2),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected', 'fulfilled']);
    const refusal = (outcomes[2] as PromiseRejectedResult).reason as InsufficientFundsError;
    expect(refusal).toBeInstanceOf(InsufficientFundsError);
    expect([refusal.requiredCents, refusal.availableCents]).toEqual([1_250, 1_000]);
    const missing = (outcomes[3] as PromiseRejectedResult).reason as OrderItemsInvalidError;
    expect(missing).toBeInstanceOf(OrderItemsInvalidError);
    expect(missing.message).toBe(`Product ${gone.id} does not exist or can no longer be ordered.`);
    for (const user of [poor!, unlucky!]) {
      expect(await orderRowCounts(t, user.id)).toEqual({ orders: 0, items: 0 });
      expect(await balanceAndLedgerSum(t, user.id)).toEqual({ balance: 1_000, ledgerSum: 1_000, rows: 1 });
    }
    expect(await balanceAndLedgerSum(t, rich!.id)).toEqual({ balance: 0, ledgerSum: 0, rows: 2 });
    expect(await balanceAndLedgerSum(t, other!.id)).toEqual({ balance: 500, ledgerSum: 500, rows: 2 });
    expect(await ledgerInvariantViolations(t)).toEqual([]);
  });

  it('debits a user’s orders in a set one after another; after one is refused, judges the later ones in the next set', async () => {
    const [user] = await fundedUsers(1, 1_000);
    const before = statements;
    const outcomes = await Promise.allSettled([buy(orders, user!, 3), buy(orders, user!, 3), buy(orders, user!, 1)]);
    expect(statements - before).toBe(2 * 2); // two sets: the third order went in the second
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(((outcomes[1] as PromiseRejectedResult).reason as InsufficientFundsError).availableCents).toBe(250);
    expect(await balanceAndLedgerSum(t, user!.id)).toEqual({ balance: 0, ledgerSum: 0, rows: 3 });
  });

  it('does not place the order of a request that left before its set was sent', async () => {
    const [busy, leaving] = await fundedUsers(2, 1_000);
    const first = buy(orders, busy!, 1);
    const controller = new AbortController();
    const left = buy(orders, leaving!, 1, product.id, controller.signal);
    controller.abort(new Error('client went away'));
    await expect(left).rejects.toBeInstanceOf(CancelledError);
    await first;
    expect(await orderRowCounts(t, leaving!.id)).toEqual({ orders: 0, items: 0 });
    expect(await balanceAndLedgerSum(t, leaving!.id)).toEqual({ balance: 1_000, ledgerSum: 1_000, rows: 1 });
  });
});

describe('a small set behind a big one', () => {
  /** Sets placed through `orders`, recording their sizes; a small set behind a big one waits up to `holdMs`. */
  function recording(holdMs: number): { batches: BalanceOrderBatches; sizes: number[] } {
    const sizes: number[] = [];
    const place = (on: Db, wanted: readonly WantedOrder[], s: AbortSignal) => {
      sizes.push(wanted.length);
      return orders.placeBalance(on, wanted, s);
    };
    return { batches: new BalanceOrderBatches({ db, place, holdMs }), sizes };
  }
  const order = (user: TestUser): WantedOrder => ({ userId: user.id, lines: [{ productId: product.id, qty: 1 }] });
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

  it('waits for the orders placed as the big set is answered, and goes with them once it holds half as many', async () => {
    const users = await fundedUsers(30, 1_000);
    // A long hold: the set must go because enough orders joined it, not because the time was up.
    const { batches, sizes } = recording(60_000);
    const big = Promise.all(users.slice(0, 20).map((u) => batches.place(order(u), signal())));
    await nextTurn(); // the set of 20 is out
    const early = batches.place(order(users[20]!), signal());
    await big;
    const late = users.slice(21).map((u) => batches.place(order(u), signal()));
    const placed = await Promise.all([early, ...late]);
    expect(sizes).toEqual([20, 10]);
    expect(placed.map((o) => o.status)).toEqual(Array(10).fill('paid'));
  });

  it('goes without them when none come in time', async () => {
    const users = await fundedUsers(9, 1_000);
    const { batches, sizes } = recording(20);
    const big = Promise.all(users.slice(0, 8).map((u) => batches.place(order(u), signal())));
    await nextTurn();
    const lone = batches.place(order(users[8]!), signal());
    await big;
    expect((await lone).status).toBe('paid');
    expect(sizes).toEqual([8, 1]);
  });

  it('does not wait when it gathered while no set was out, or is not far smaller than the one before', async () => {
    const users = await fundedUsers(14, 1_000);
    const { batches, sizes } = recording(60_000);
    // Idle: the order goes at once (a wait would outlast the test's timeout).
    expect((await batches.place(order(users[0]!), signal())).status).toBe('paid');
    const big = Promise.all(users.slice(1, 9).map((u) => batches.place(order(u), signal())));
    await nextTurn();
    // Two behind eight: a quarter, so it goes as soon as the eight are placed.
    const behind = Promise.all(users.slice(9, 11).map((u) => batches.place(order(u), signal())));
    await Promise.all([big, behind]);
    expect(sizes).toEqual([1, 8, 2]);
  });
});

describe('a set PostgreSQL rolls back', () => {
  /** Sets placed through `orders`; the first set of more than one fails with `error`, its writes rolled back. */
  function failingOnce(error: Error): { batches: BalanceOrderBatches; sizes: number[]; warnings: string[] } {
    const sizes: number[] = [];
    const warnings: string[] = [];
    const logger = { warn: (_: unknown, message: string) => warnings.push(message) } as unknown as Logger;
    let failed = false;
    const place = async (on: Db, wanted: readonly WantedOrder[], s: AbortSignal): Promise<(Order | Error)[]> => {
      sizes.push(wanted.length);
      if (wanted.length === 1 || failed) return orders.placeBalance(on, wanted, s);
      failed = true;
      // As a statement PostgreSQL fails after it has written: none of it stays.
      return on.transaction(s, async (tx) => {
        await orders.placeBalance(tx, wanted, s);
        throw error;
      });
    };
    return { batches: new BalanceOrderBatches({ db, place, logger }), sizes, warnings };
  }
  const order = (user: TestUser): WantedOrder => ({ userId: user.id, lines: [{ productId: product.id, qty: 1 }] });

  it('is placed again order by order, each in a statement of its own, when PostgreSQL answered with an error', async () => {
    const users = await fundedUsers(4, 1_000);
    const { batches, sizes, warnings } = failingOnce(Object.assign(new Error('deadlock detected'), { code: '40P01' }));
    const placed = await Promise.all(users.map((u) => batches.place(order(u), signal())));
    expect(placed.map((o) => o.status)).toEqual(['paid', 'paid', 'paid', 'paid']);
    expect(sizes).toEqual([4, 1, 1, 1, 1]);
    expect(warnings).toEqual(['a set of balance orders rolled back; placing them one by one']);
    for (const u of users) expect(await balanceAndLedgerSum(t, u.id)).toEqual({ balance: 750, ledgerSum: 750, rows: 2 });
  });

  it('fails its orders, without placing them again, when the connection broke (the commit may have happened)', async () => {
    const users = await fundedUsers(3, 1_000);
    const { batches, sizes } = failingOnce(Object.assign(new Error('Connection terminated unexpectedly'), { code: '08006' }));
    const outcomes = await Promise.allSettled(users.map((u) => batches.place(order(u), signal())));
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(sizes).toEqual([3]);
    for (const u of users) expect(await orderRowCounts(t, u.id)).toEqual({ orders: 0, items: 0 });
  });
});
