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
import { BalanceUserNotFoundError, InsufficientFundsError } from '../balance/balance.errors.ts';
import type { BalanceService } from '../balance/balance.service.ts';
import { BalanceOrderBatches, placed, type WantedOrder } from './order-batches.ts';
import { DebitNotJudgedError, OrderNotCancellableError, OrderNotFoundError, type OrderItemsInvalidError } from './order.errors.ts';
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
  insertOrders,
  listOrderItemsByOrderIds,
  listOrdersForUser,
  listOrdersForUserWithStatus,
  placeBalanceOrders,
  priceOrders,
  type IPlaceBalanceOrdersParams,
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
      ? new BalanceOrderBatches({ db: deps.db, logger: deps.logger, place: (db, wanted, signal) => this.placeBalance(db, wanted, signal) })
      : undefined;
  }

  /** The same service with its statements on `db` (e.g. the idempotency transaction). */
  withDb(db: Db): OrderService {
    if (db === this.deps.db) return this;
    return new OrderService({ ...this.deps, db }, { batchBalanceOrders: false });
  }

  /**
   * Places an order. A balance order is one statement (placeBalance); on the service's own pool
   * it joins the balance orders of the requests in flight with it (BalanceOrderBatches), which are
   * placed together by one. A card order is placed alone, in a transaction (a savepoint inside a
   * caller's, such as the Idempotency-Key one):
   *   1. the user's card payments this minute are counted (on this transaction, so a rolled-back
   *      order does not count); one over the cap is a RateLimitedError (429), and nothing is
   *      written;
   *   2. the order is priced from the catalog (FOR SHARE: a concurrent price change or delete waits
   *      until we commit, so the order is priced as stored); a missing or deleted product is a 422
   *      naming it, and nothing is written;
   *   3. the order and its lines, `pending`, then OrderEvents (the confirmation e-mail and the
   *      payment job).
   */
  async create(userId: number, input: NewOrder, signal: AbortSignal): Promise<Order> {
    const wanted: WantedOrder = { userId, lines: mergeItems(input.items) };
    if (input.paymentMethod === 'balance') {
      if (this.balanceOrders !== undefined) return this.balanceOrders.place(wanted, signal);
      return placed((await this.placeBalance(this.deps.db, [wanted], signal))[0]!);
    }
    return withTransaction(this.deps.db, signal, async (tx) => {
      await this.deps.cardPayments?.admit(tx, userId, signal);
      const priced = await this.price(tx, [wanted], signal);
      const [order] = await this.insertCard(tx, priced.filter(isPriced), signal);
      if (order === undefined) throw priced[0] as Error;
      await this.deps.events.ordersPlaced(tx, [order], signal);
      return order;
    });
  }

  /**
   * Places a set of balance orders on `db` in one statement, PlaceBalanceOrders (on the pool, it
   * is its own transaction): each is priced from the catalog, its user debited, and it is written
   * paid with its lines; the set's placed orders get one job, which enqueues their confirmation
   * e-mails (OrderEvents.balanceOrderJobs).
   * Returns, in the order given, each order or the error that kept it from being placed: a
   * product the catalog does not offer (OrderItemsInvalidError), a balance that does not cover it
   * (InsufficientFundsError, with the balance it was judged on), an unknown user. An order that
   * fails writes nothing, and the others are placed all the same. A user's orders are debited in
   * the order given; after one is refused, the user's later ones come back as
   * DebitNotJudgedError, to be placed again (BalanceOrderBatches does).
   */
  async placeBalance(db: Db, wanted: readonly WantedOrder[], signal: AbortSignal): Promise<(Order | Error)[]> {
    const jobs = this.deps.events.balanceOrderJobs;
    const params: IPlaceBalanceOrdersParams = {
      ...jobs.params(),
      ...lineArrays(wanted),
      userIds: wanted.map((w) => w.userId),
      currency: this.deps.currency,
    };
    // Without the job's queue (a new database) the statement writes nothing and says so.
    const rows = await jobs.inQueue(db, signal, async () => {
      const placed = await db.run(placeBalanceOrders, params, signal);
      return placed[0]?.queue_found === false ? undefined : placed;
    });
    if (rows[0]?.job_written === true) await jobs.written(db);
    return wanted.map((w, i) => {
      const row = rows[i]!;
      const items = pricedLines(w, row.items);
      if (items instanceof Error) return items;
      if (row.status !== null) {
        return toOrder(
          {
            id: row.id,
            user_id: row.user_id!,
            user_email: row.user_email!,
            status: row.status,
            payment_method: row.payment_method!,
            total_cents: row.total_cents,
            currency: row.currency!,
            created_at: row.created_at!,
            paid_at: row.paid_at,
            cancelled_at: row.cancelled_at,
          },
          items,
        );
      }
      if (row.judged === null) return new BalanceUserNotFoundError();
      return row.judged ? new InsufficientFundsError(row.total_cents, row.balance_cents!) : new DebitNotJudgedError();
    });
  }

  /**
   * Prices orders from the catalog and reserves their ids (PriceOrders): each comes back priced,
   * or as the OrderItemsInvalidError naming the products the catalog does not offer.
   */
  private async price(tx: Db, wanted: readonly WantedOrder[], signal: AbortSignal): Promise<(PricedOrder | Error)[]> {
    const priced = await tx.run(priceOrders, { orders: wanted.length, ...lineArrays(wanted) }, signal);
    return wanted.map((w, i) => {
      const row = priced[i]!;
      const items = pricedLines(w, row.items);
      return items instanceof Error ? items : { id: row.id, userId: w.userId, items, totalCents: row.total_cents };
    });
  }

  /** Writes priced card orders, `pending`, with their lines (InsertOrders), in the order given. */
  private async insertCard(tx: Db, toWrite: readonly PricedOrder[], signal: AbortSignal): Promise<Order[]> {
    if (toWrite.length === 0) return [];
    const rows = await tx.run(
      insertOrders,
      {
        status: 'pending',
        paymentMethod: 'card',
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
    return toWrite.map((o) => toOrder(written.get(o.id)!, o.items));
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

/**
 * An order's lines as a statement priced them (PriceOrders, PlaceBalanceOrders: only those whose
 * product the catalog offers), or the error naming the products it does not offer.
 */
function pricedLines(wanted: WantedOrder, tuples: unknown): OrderItem[] | OrderItemsInvalidError {
  const items = (tuples as OrderItemTuple[]).map(orderItemFromTuple);
  const offered = new Set(items.map((it) => it.productId));
  return missingProductsError(wanted.lines.map((l) => l.productId), offered) ?? items;
}

/**
 * The orders' lines as the parallel arrays PriceOrders and PlaceBalanceOrders take, so the
 * statement's text never depends on their number: the order's place in the set (1-based), the
 * product and the quantity.
 */
function lineArrays(wanted: readonly WantedOrder[]): { lineOrders: number[]; lineProductIds: number[]; lineQtys: number[] } {
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
  return { lineOrders, lineProductIds, lineQtys };
}

const orderItemFromTuple = ([productId, productName, unitPriceCents, qty, lineTotalCents]: OrderItemTuple): OrderItem => ({
  productId,
  productName,
  unitPriceCents,
  qty,
  lineTotalCents,
});

/** The ledger reference of an order's debit and refund. */
export const orderReference = (orderId: number): string => `order:${orderId}`;
