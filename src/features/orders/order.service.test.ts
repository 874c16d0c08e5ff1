// OrderService and its OrderEvents seam: the hooks run inside the order's own transaction, so
// whatever the jobs issue enqueues there commits or rolls back with the order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser, type TestUser } from '../../../test/support/factories.ts';
import type { Db } from '../../platform/db/db.ts';
import { balanceAndLedgerSum, fund, ledgerInvariantViolations } from '../balance/balance.fixtures.ts';
import type { Product } from '../catalog/catalog.ts';
import type { Order } from './order.ts';
import type { OrderEvents } from './order.events.ts';
import { OrderService } from './order.service.ts';
import { confirmationsJobs, jobOrderEvents, makeProduct, orderRowCounts } from './order.fixtures.ts';

const signal = () => new AbortController().signal;

let t: TestApp;
let staff: TestUser;
let product: Product;
beforeAll(async () => {
  t = await startTestApp();
  staff = await createUser(t, { staff: true });
  product = await makeProduct(t, 400);
});
afterAll(async () => t.close());

/** Records each call, with whether the order's row was visible on the transaction it was given. */
class RecordingEvents implements OrderEvents {
  readonly calls: { event: string; order: Order; visibleInTx: boolean }[] = [];
  readonly balanceOrderJobs = jobOrderEvents(t).balanceOrderJobs;
  constructor(private readonly failOn?: 'placed' | 'cancelled') {}
  private async record(event: 'placed' | 'cancelled', tx: Db, order: Order, s: AbortSignal): Promise<void> {
    const rows = await tx.query<{ status: string }>('SELECT status FROM orders WHERE id = $1', [order.id], s);
    this.calls.push({ event, order, visibleInTx: rows[0]?.status === order.status });
    if (this.failOn === event) throw new Error(`enqueue failed (${event})`);
  }
  async ordersPlaced(tx: Db, orders: readonly Order[], s: AbortSignal) {
    for (const order of orders) await this.record('placed', tx, order, s);
  }
  orderCancelled(tx: Db, order: Order, s: AbortSignal) {
    return this.record('cancelled', tx, order, s);
  }
}

const serviceWith = (events: OrderEvents) =>
  new OrderService({ db: t.db, balance: t.services.balance, events, currency: 'USD' });

describe('OrderService › OrderEvents', () => {
  it('calls ordersPlaced and orderCancelled on the transaction that wrote the change', async () => {
    const user = await createUser(t);
    const events = new RecordingEvents();
    const orders = serviceWith(events);
    const placed = await orders.create(user.id, { items: [{ productId: product.id, qty: 2 }], paymentMethod: 'card' }, signal());
    await orders.cancel(user.id, placed.id, signal());
    expect(events.calls.map((c) => [c.event, c.order.id, c.order.status, c.visibleInTx])).toEqual([
      ['placed', placed.id, 'pending', true],
      ['cancelled', placed.id, 'cancelled', true],
    ]);
  });

  it("writes a balance order's confirmation with the order itself, and calls orderCancelled with the refund made", async () => {
    const user = await createUser(t);
    await fund(t, staff, user, 1000);
    const events = new RecordingEvents();
    const orders = serviceWith(events);
    const placed = await orders.create(user.id, { items: [{ productId: product.id, qty: 2 }], paymentMethod: 'balance' }, signal());
    expect((await confirmationsJobs(t, [placed.id])).map((j) => j.data)).toEqual([{ orders: [{ id: placed.id, user_id: user.id }] }]);
    const cancelled = await orders.cancel(user.id, placed.id, signal());
    expect(events.calls.map((c) => [c.event, c.order.id, c.order.status, c.visibleInTx])).toEqual([['cancelled', placed.id, 'cancelled', true]]);
    expect(cancelled.paidAt).not.toBeNull(); // what tells the jobs issue that a card order needs a gateway refund
    expect(await balanceAndLedgerSum(t, user.id)).toEqual({ balance: 1000, ledgerSum: 1000, rows: 3 });
  });

  it('writes nothing when ordersPlaced fails', async () => {
    const user = await createUser(t);
    const orders = serviceWith(new RecordingEvents('placed'));
    await expect(orders.create(user.id, { items: [{ productId: product.id, qty: 1 }], paymentMethod: 'card' }, signal())).rejects.toThrow('enqueue failed');
    expect(await orderRowCounts(t, user.id)).toEqual({ orders: 0, items: 0 });
  });

  it('keeps the order paid and unrefunded when orderCancelled fails', async () => {
    const user = await createUser(t);
    await fund(t, staff, user, 1000);
    const placed = await serviceWith(new RecordingEvents()).create(user.id, { items: [{ productId: product.id, qty: 1 }], paymentMethod: 'balance' }, signal());
    await expect(serviceWith(new RecordingEvents('cancelled')).cancel(user.id, placed.id, signal())).rejects.toThrow('enqueue failed');
    expect((await t.services.orders.get(user.id, placed.id, signal())).status).toBe('paid');
    expect(await balanceAndLedgerSum(t, user.id)).toEqual({ balance: 600, ledgerSum: 600, rows: 2 });
    expect(await ledgerInvariantViolations(t)).toEqual([]);
  });
});

describe('OrderService › pricing', () => {
  it('prices from the catalog as stored, holding off a concurrent price change until the order commits', async () => {
    const user = await createUser(t);
    await fund(t, staff, user, 10_000);
    const repriced = await makeProduct(t, 300);
    const orders = serviceWith(new RecordingEvents());

    let placed: Order | undefined;
    let priceChange: string | undefined;
    await t.db.transaction(signal(), async (tx) => {
      placed = await orders.withDb(tx).create(user.id, { items: [{ productId: repriced.id, qty: 3 }, { productId: product.id, qty: 1 }], paymentMethod: 'balance' }, signal());
      // Another connection's price change waits for the order's FOR SHARE lock.
      priceChange = await t.database.admin
        .query(`SET lock_timeout = '200ms'; UPDATE products SET price_cents = 999 WHERE id = ${repriced.id}`)
        .then(() => 'applied', (err: { code?: string }) => err.code);
    });
    expect(priceChange).toBe('55P03'); // lock_not_available: the row was locked by the order
    expect(placed!.items.map((i) => [i.productId, i.unitPriceCents, i.qty, i.lineTotalCents])).toEqual([
      [repriced.id, 300, 3, 900],
      [product.id, 400, 1, 400],
    ]);
    expect(placed!.totalCents).toBe(1300);
    expect(await balanceAndLedgerSum(t, user.id)).toEqual({ balance: 8700, ledgerSum: 8700, rows: 2 });
    // Once the order committed, the change goes through.
    await t.database.admin.query(`RESET lock_timeout; UPDATE products SET price_cents = 999 WHERE id = ${repriced.id}`);
  });

  it('totals large orders exactly', async () => {
    const user = await createUser(t);
    const dear = await makeProduct(t, 100_000_000);
    const cheap = await makeProduct(t, 3);
    const placed = await serviceWith(new RecordingEvents()).create(
      user.id,
      { items: [{ productId: dear.id, qty: 1000 }, { productId: cheap.id, qty: 7 }], paymentMethod: 'card' },
      signal(),
    );
    expect(placed.items.map((i) => [i.productName, i.unitPriceCents, i.qty, i.lineTotalCents])).toEqual([
      [dear.name, 100_000_000, 1000, 100_000_000_000],
      [cheap.name, 3, 7, 21],
    ]);
    expect(placed.totalCents).toBe(100_000_000_021);
  });
});
