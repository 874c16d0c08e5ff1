// OrderService: placing, reading and cancelling a user's orders. Owner-scoped in the SQL itself.
// Money moves only through BalanceService, inside the order's own transaction; everything else an
// order causes (e-mails, card payments, gateway refunds) goes through OrderEvents, in that same
// transaction.
import type { Logger } from 'pino';
import type { Currency } from '../../config.ts';
import { withTransaction, type Db } from '../../platform/db/db.ts';
import { decodeCursor, toPage, type Page, type PageRequest } from '../../platform/pagination.ts';
import type { Period } from '../../platform/period.ts';
import type { CardPaymentCap } from '../../platform/side-effect-caps.ts';
import type { BalanceService } from '../balance/balance.service.ts';
import { BalanceOrderBatches, type WantedOrder } from './order-batches.ts';
import { OrderNotCancellableError, OrderNotFoundError } from './order.errors.ts';
import type { OrderEvents } from './order.events.ts';
import {
  CANCELLABLE_STATUSES,
  mergeItems,
  missingProductsError,
  toOrder,
  toOrderItem,
  type NewOrder,
  type Order,
  type OrderFilter,
  type OrderItem,
  type PaymentMethod,
} from './order.ts';
import {
  cancelOrderForUser,
  countOrdersForUserBetween,
  getOrderForNotification,
  getOrderForUser,
  getOrdersVersion,
  insertOrders,
  listOrderItemsByOrderIds,
  listOrdersForUser,
  listOrdersForUserWithStatus,
  priceOrders,
} from './queries.queries.ts';

export interface OrderServiceDeps {
  db: Db;
  balance: BalanceService;
  events: OrderEvents;
  /** Orders are priced in the catalog's currency, the configured base currency. */
  currency: Currency;
  /** CARD_PAYMENTS_PER_USER_PER_MINUTE; omitted, card orders are not capped. */
  cardPayments?: CardPaymentCap;
  /** Where a set of balance orders that rolled back is reported (BalanceOrderBatches). */
  logger?: Logger;
}

export class OrderService {
  /** Balance orders of concurrent requests, placed together; none on a caller's transaction. */
  private readonly balanceOrders: BalanceOrderBatches | undefined;

  constructor(
    private readonly deps: OrderServiceDeps,
    options: { batchBalanceOrders: boolean } = { batchBalanceOrders: true },
  ) {
    this.balanceOrders = options.batchBalanceOrders
      ? new BalanceOrderBatches({ db: deps.db, logger: deps.logger, place: (tx, wanted, signal) => this.placeEach(tx, wanted, 'balance', signal) })
      : undefined;
  }

  /** The same service with its statements on `db` (e.g. the idempotency transaction). */
  withDb(db: Db): OrderService {
    if (db === this.deps.db) return this;
    return new OrderService({ ...this.deps, db }, { batchBalanceOrders: false });
  }

  /**
   * Places an order. A balance order on the service's own pool joins the balance orders of the
   * requests in flight with it (BalanceOrderBatches), which are placed together in one transaction;
   * otherwise (a card order, or on a caller's transaction such as the Idempotency-Key one) it is
   * placed alone in a transaction (a savepoint inside the caller's). Either way:
   *   1. for `card`, first, the user's card payments this minute are counted (on this transaction,
   *      so a rolled-back order does not count); one over the cap is a RateLimitedError (429), and
   *      nothing is written;
   *   then placeEach:
   *   2. the order is priced from the catalog (FOR SHARE: a concurrent price change or delete waits
   *      until we commit, so the order is priced as stored); a missing or deleted product is a 422
   *      naming it, and nothing is written;
   *   3. for `balance`, the debit (conditional; InsufficientFundsError, and nothing written);
   *   4. the order and its lines, then OrderEvents (confirmation e-mail; for `card`, the payment
   *      job: the order stays `pending`).
   */
  async create(userId: number, input: NewOrder, signal: AbortSignal): Promise<Order> {
    const wanted: WantedOrder = { userId, lines: mergeItems(input.items) };
    const paymentMethod = input.paymentMethod;
    if (paymentMethod === 'balance' && this.balanceOrders !== undefined) return this.balanceOrders.place(wanted, signal);
    return withTransaction(this.deps.db, signal, async (tx) => {
      if (paymentMethod === 'card') await this.deps.cardPayments?.admit(tx, userId, signal);
      const [placed] = await this.placeEach(tx, [wanted], paymentMethod, signal);
      if (placed instanceof Error) throw placed;
      return placed!;
    });
  }

  /**
   * Places a set of orders of one payment method on `tx`, in four statements however many orders
   * and lines (PriceOrders, DebitEach for balance orders, InsertOrders, then OrderEvents' jobs),
   * and returns, in the order given, each order or the error that kept it from being placed: a
   * product the catalog does not offer (OrderItemsInvalidError), a balance that does not cover it.
   * An order that fails writes nothing, and the others are placed all the same. A user's balance
   * orders are debited in the order given; after one is refused, the user's later ones come back
   * as DebitNotJudgedError, to be placed again (BalanceOrderBatches does).
   */
  async placeEach(tx: Db, wanted: readonly WantedOrder[], paymentMethod: PaymentMethod, signal: AbortSignal): Promise<(Order | Error)[]> {
    const lineOrders: number[] = [];
    const lineProductIds: number[] = [];
    const lineQtys: number[] = [];
    wanted.forEach((w, i) => {
      for (const line of w.lines) {
        lineOrders.push(i + 1);
        lineProductIds.push(line.productId);
        lineQtys.push(line.qty);
      }
    });
    const priced = await tx.run(priceOrders, { orders: wanted.length, lineOrders, lineProductIds, lineQtys }, signal);
    const outcomes: (PricedOrder | Error)[] = wanted.map((w, i) => {
      const row = priced[i]!;
      const items = (row.items as OrderItemTuple[]).map(orderItemFromTuple);
      const missing = missingProductsError(
        w.lines.map((l) => l.productId),
        new Set(items.map((it) => it.productId)),
      );
      return missing ?? { id: row.id, userId: w.userId, items, totalCents: row.total_cents };
    });
    if (paymentMethod === 'balance') {
      const payableAt = outcomes.flatMap((o, i) => (isPriced(o) ? [i] : []));
      const debits = await this.deps.balance.debitEach(
        tx,
        payableAt.map((at) => {
          const o = outcomes[at] as PricedOrder;
          return { userId: o.userId, amountCents: o.totalCents, kind: 'order_debit', reference: orderReference(o.id) };
        }),
        signal,
      );
      payableAt.forEach((at, k) => {
        const debit = debits[k];
        if (debit instanceof Error) outcomes[at] = debit;
      });
    }
    const toWrite = outcomes.filter(isPriced);
    if (toWrite.length === 0) return outcomes as Error[];
    const rows = await tx.run(
      insertOrders,
      {
        status: paymentMethod === 'balance' ? 'paid' : 'pending',
        paymentMethod,
        currency: this.deps.currency,
        ids: toWrite.map((o) => o.id),
        userIds: toWrite.map((o) => o.userId),
        totals: toWrite.map((o) => o.totalCents),
        lineOrderIds: toWrite.flatMap((o) => o.items.map(() => o.id)),
        lineProductIds: toWrite.flatMap((o) => o.items.map((it) => it.productId)),
        lineProductNames: toWrite.flatMap((o) => o.items.map((it) => it.productName)),
        lineUnitPrices: toWrite.flatMap((o) => o.items.map((it) => it.unitPriceCents)),
        lineQtys: toWrite.flatMap((o) => o.items.map((it) => it.qty)),
      },
      signal,
    );
    const written = new Map(rows.map((r) => [r.id, r]));
    const orders = toWrite.map((o) => toOrder(written.get(o.id)!, o.items));
    await this.deps.events.ordersPlaced(tx, orders, signal);
    const byId = new Map(orders.map((o) => [o.id, o]));
    return outcomes.map((o) => (isPriced(o) ? byId.get(o.id)! : o));
  }

  /** Two statements: the order (with the user's e-mail, joined) and its lines. */
  async get(userId: number, id: number, signal: AbortSignal): Promise<Order> {
    const [row] = await this.deps.db.run(getOrderForUser, { userId, id }, signal);
    if (row === undefined) throw new OrderNotFoundError();
    return toOrder(row, (await this.itemsByOrder([id], this.deps.db, signal)).get(id) ?? []);
  }

  /**
   * Any user's order with its lines and the owner's e-mail, or null: for the e-mails jobs send
   * about an order. Not owner-scoped, so never reachable from a request; two statements.
   */
  async getForNotification(id: number, signal: AbortSignal): Promise<Order | null> {
    const [row] = await this.deps.db.run(getOrderForNotification, { id }, signal);
    if (row === undefined) return null;
    return toOrder(row, (await this.itemsByOrder([id], this.deps.db, signal)).get(id) ?? []);
  }

  /**
   * Newest first, keyset-paginated on id: one statement per page whatever its size (each order's
   * lines are aggregated in it), a named prepared statement for each filter, so no page is planned
   * anew (ids are safe integers, so the first page starts below Number.MAX_SAFE_INTEGER).
   */
  async list(userId: number, filter: OrderFilter, page: PageRequest, signal: AbortSignal): Promise<Page<Order>> {
    return (await this.listVersioned(userId, filter, page, signal)).page;
  }

  /**
   * list(), and the user's orders version the page was read at (the same statement, so the same
   * snapshot; undefined for an empty page): what listVersion() must still return for a copy of
   * this page to be current.
   */
  async listVersioned(userId: number, filter: OrderFilter, page: PageRequest, signal: AbortSignal): Promise<{ page: Page<Order>; version: number | undefined }> {
    const beforeId = page.cursor === undefined ? Number.MAX_SAFE_INTEGER : decodeCursor(page.cursor, ['number'] as const)[0];
    const params = { userId, beforeId, limit: page.limit + 1 };
    const rows =
      filter.status === undefined
        ? await this.deps.db.run(listOrdersForUser, params, signal)
        : await this.deps.db.run(listOrdersForUserWithStatus, { ...params, status: filter.status }, signal);
    return {
      page: toPage(rows, page.limit, (r) => [r.id], (r) => toOrder(r, (r.items as OrderItemTuple[]).map(orderItemFromTuple))),
      version: rows[0]?.orders_version,
    };
  }

  /**
   * The user's orders version: it changes, in the writing transaction, with any change to their
   * orders, their orders' lines or their e-mail, whoever writes (migration 0015's triggers), and
   * never takes a value twice. Undefined for an unknown user. One primary-key lookup.
   */
  async listVersion(userId: number, signal: AbortSignal): Promise<number | undefined> {
    const [row] = await this.deps.db.run(getOrdersVersion, { userId }, signal);
    return row?.orders_version;
  }

  /**
   * Cancels a pending or paid order, in one transaction: the conditional UPDATE (so of two
   * concurrent cancels one wins and the other is a 409), the refund of a paid balance order to
   * the balance (a `refund` ledger row), then OrderEvents (a paid card order's gateway refund).
   */
  /** How many orders the user placed in `period`, whatever their status now (one statement). */
  async countPlaced(userId: number, period: Period, signal: AbortSignal): Promise<number> {
    const [row] = await this.deps.db.run(countOrdersForUserBetween, { userId, periodStart: period.start, periodEnd: period.end }, signal);
    return row?.count ?? 0;
  }

  async cancel(userId: number, id: number, signal: AbortSignal): Promise<Order> {
    return withTransaction(this.deps.db, signal, async (tx) => {
      const [row] = await tx.run(cancelOrderForUser, { userId, id, fromStatuses: [...CANCELLABLE_STATUSES] }, signal);
      if (row === undefined) throw new OrderNotFoundError();
      if (!row.cancelled) throw new OrderNotCancellableError(toOrder(row, []).status);
      const order = toOrder(row, (await this.itemsByOrder([id], tx, signal)).get(id) ?? []);
      if (order.paymentMethod === 'balance' && order.paidAt !== null) {
        await this.deps.balance.credit(tx, { userId, amountCents: order.totalCents, kind: 'refund', reference: orderReference(id) }, signal);
      }
      await this.deps.events.orderCancelled(tx, order, signal);
      return order;
    });
  }

  private async itemsByOrder(orderIds: number[], db: Db, signal: AbortSignal): Promise<Map<number, OrderItem[]>> {
    const rows = await db.run(listOrderItemsByOrderIds, { orderIds }, signal);
    const byOrder = new Map<number, OrderItem[]>();
    for (const r of rows) {
      const list = byOrder.get(r.order_id);
      if (list === undefined) byOrder.set(r.order_id, [toOrderItem(r)]);
      else list.push(toOrderItem(r));
    }
    return byOrder;
  }
}

/** A line as PriceOrders and the list statements return it: [product_id, product_name, unit_price_cents, qty, line_total_cents]. */
type OrderItemTuple = [number, string, number, number, number];

/** An order priced, with its reserved id, not yet written. */
interface PricedOrder {
  id: number;
  userId: number;
  items: OrderItem[];
  totalCents: number;
}

const isPriced = (o: PricedOrder | Error): o is PricedOrder => !(o instanceof Error);

const orderItemFromTuple = ([productId, productName, unitPriceCents, qty, lineTotalCents]: OrderItemTuple): OrderItem => ({
  productId,
  productName,
  unitPriceCents,
  qty,
  lineTotalCents,
});

/** The ledger reference of an order's debit and refund. */
export const orderReference = (orderId: number): string => `order:${orderId}`;
