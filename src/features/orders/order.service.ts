// OrderService: placing, reading and cancelling a user's orders. Owner-scoped in the SQL itself.
// Money moves only through BalanceService, inside the order's own transaction; everything else an
// order causes (e-mails, card payments, gateway refunds) goes through OrderEvents, in that same
// transaction.
import type { Currency } from '../../config.ts';
import { withTransaction, type Db } from '../../platform/db/db.ts';
import { decodeCursor, toPage, type Page, type PageRequest } from '../../platform/pagination.ts';
import type { Period } from '../../platform/period.ts';
import type { CardPaymentCap } from '../../platform/side-effect-caps.ts';
import type { BalanceService } from '../balance/balance.service.ts';
import type { OrderableProduct } from '../catalog/catalog.ts';
import { OrderItemsInvalidError, OrderNotCancellableError, OrderNotFoundError } from './order.errors.ts';
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
} from './order.ts';
import {
  cancelOrderForUser,
  countOrdersForUserBetween,
  getOrderForNotification,
  getOrderForUser,
  getOrdersVersion,
  insertPricedOrder,
  listOrderItemsByOrderIds,
  listOrdersForUser,
  listOrdersForUserWithStatus,
} from './queries.queries.ts';

/**
 * What orders need of the catalog (CatalogService provides it): live products' names and prices,
 * read on the order's transaction.
 */
export interface OrderCatalog {
  withDb(db: Db): OrderCatalog;
  pricesForOrder(productIds: readonly number[], signal: AbortSignal): Promise<Map<number, OrderableProduct>>;
}

export interface OrderServiceDeps {
  db: Db;
  catalog: OrderCatalog;
  balance: BalanceService;
  events: OrderEvents;
  /** Orders are priced in the catalog's currency, the configured base currency. */
  currency: Currency;
  /** CARD_PAYMENTS_PER_USER_PER_MINUTE; omitted, card orders are not capped. */
  cardPayments?: CardPaymentCap;
}

export class OrderService {
  constructor(private readonly deps: OrderServiceDeps) {}

  /** The same service with its statements on `db` (e.g. the idempotency transaction). */
  withDb(db: Db): OrderService {
    return new OrderService({ ...this.deps, db });
  }

  /**
   * Places an order in one transaction (a savepoint inside the Idempotency-Key one):
   *   1. for `card`, the user's card payments this minute are counted (on this transaction, so a
   *      rolled-back order does not count); one over the cap is a RateLimitedError (429), and
   *      nothing is written;
   *   2. the order and all its lines, priced from the catalog in the same statement — FOR SHARE,
   *      so a concurrent price change or delete waits until we commit and the order is priced as
   *      stored; a missing or deleted product writes nothing and is a 422 naming it;
   *   3. for `balance`, the debit: one conditional statement; InsufficientFundsError rolls back
   *      everything, so nothing is written;
   *   4. OrderEvents (confirmation e-mail; for `card`, the payment job: the order stays `pending`).
   */
  async create(userId: number, input: NewOrder, signal: AbortSignal): Promise<Order> {
    const lines = mergeItems(input.items);
    const productIds = lines.map((l) => l.productId);
    const paymentMethod = input.paymentMethod;
    return withTransaction(this.deps.db, signal, async (tx) => {
      if (paymentMethod === 'card') await this.deps.cardPayments?.admit(tx, userId, signal);
      const [row] = await tx.run(
        insertPricedOrder,
        {
          userId,
          status: paymentMethod === 'balance' ? 'paid' : 'pending',
          paymentMethod,
          currency: this.deps.currency,
          productIds,
          qtys: lines.map((l) => l.qty),
        },
        signal,
      );
      if (row === undefined) throw await this.whyNotPriced(tx, productIds, signal);
      const order = toOrder(row, (row.items as OrderItemTuple[]).map(orderItemFromTuple));
      if (paymentMethod === 'balance') {
        // After the INSERT, so the ledger row can name the order; a refused debit rolls it back.
        await this.deps.balance.debit(tx, { userId, amountCents: order.totalCents, kind: 'order_debit', reference: orderReference(order.id) }, signal);
      }
      await this.deps.events.orderPlaced(tx, order, signal);
      return order;
    });
  }

  /**
   * The error for an order InsertPricedOrder did not write: the products the catalog does not
   * offer, read on the same transaction. Should it offer them all by now (one restored in
   * between), the order is still refused, as it was when priced.
   */
  private async whyNotPriced(tx: Db, productIds: number[], signal: AbortSignal): Promise<Error> {
    const offered = await this.deps.catalog.withDb(tx).pricesForOrder(productIds, signal);
    return missingProductsError(productIds, offered) ?? new OrderItemsInvalidError('A product of this order changed while it was placed; try again.');
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

/** A line as InsertPricedOrder and the list statements return it: [product_id, product_name, unit_price_cents, qty, line_total_cents]. */
type OrderItemTuple = [number, string, number, number, number];

const orderItemFromTuple = ([productId, productName, unitPriceCents, qty, lineTotalCents]: OrderItemTuple): OrderItem => ({
  productId,
  productName,
  unitPriceCents,
  qty,
  lineTotalCents,
});

/** The ledger reference of an order's debit and refund. */
export const orderReference = (orderId: number): string => `order:${orderId}`;
