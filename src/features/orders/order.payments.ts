// OrderPayments: the payment side of card orders, for the payments feature's jobs (which call
// this, never the orders SQL). A class of its own rather than more OrderService methods because
// it needs nothing OrderService has (catalog, balance, OrderEvents): the payment jobs are built
// from it before OrderService, whose OrderEvents enqueue those very jobs — without it the
// composition root would have a cycle. Each method is one conditional statement.
import { CURRENCIES, type Currency } from '../../config.ts';
import type { Db } from '../../platform/db/db.ts';
import { ORDER_STATUSES, PAYMENT_METHODS, type OrderStatus, type PaymentMethod } from './order.ts';
import { getOrderPaymentState, markCardOrderPaymentFailed, recordCardCharge, recordCardRefund } from './queries.queries.ts';

export interface OrderPaymentState {
  orderId: number;
  userId: number;
  status: OrderStatus;
  paymentMethod: PaymentMethod;
  totalCents: number;
  currency: Currency;
  /** The gateway charge that paid (or, for a cancelled order, was made for) the order. */
  gatewayChargeId: string | null;
  /** The gateway refund of that charge, once made. */
  gatewayRefundId: string | null;
}

/** The order's status when the charge came back (the lock's view), and its status now. */
export interface ChargeRecorded {
  previousStatus: OrderStatus;
  status: OrderStatus;
}

export class OrderPayments {
  constructor(private readonly deps: { db: Db }) {}

  /** Any user's order by id (jobs act for no user); undefined when it does not exist. */
  async getPaymentState(orderId: number, signal: AbortSignal): Promise<OrderPaymentState | undefined> {
    const [row] = await this.deps.db.run(getOrderPaymentState, { id: orderId }, signal);
    if (row === undefined) return undefined;
    return {
      orderId: row.id,
      userId: row.user_id,
      status: oneOf(ORDER_STATUSES, row.status),
      paymentMethod: oneOf(PAYMENT_METHODS, row.payment_method),
      totalCents: row.total_cents,
      currency: oneOf(CURRENCIES, row.currency),
      gatewayChargeId: row.gateway_charge_id,
      gatewayRefundId: row.gateway_refund_id,
    };
  }

  /** The owner of any order, read on `db` (the caller's transaction): whom its e-mails count against. */
  async ownerOf(db: Db, orderId: number, signal: AbortSignal): Promise<number | undefined> {
    const [row] = await db.run(getOrderPaymentState, { id: orderId }, signal);
    return row?.user_id;
  }

  /**
   * Records a successful gateway charge on a card order, on `db` (the caller's transaction, so a
   * follow-up job commits with it). A pending order becomes paid; an order that was cancelled or
   * failed meanwhile keeps its status and the charge id, and the caller must refund the charge
   * (previousStatus tells which happened). undefined: no such card order.
   */
  async recordCharge(db: Db, orderId: number, chargeId: string, signal: AbortSignal): Promise<ChargeRecorded | undefined> {
    const [row] = await db.run(recordCardCharge, { id: orderId, chargeId }, signal);
    if (row === undefined) return undefined;
    return { previousStatus: oneOf(ORDER_STATUSES, row.previous_status), status: oneOf(ORDER_STATUSES, row.status) };
  }

  /**
   * Fails the payment of a still-pending card order, on `db` (the caller's transaction, which also
   * enqueues the payment-failed e-mail). `failed` false: it was no longer pending and nothing
   * changed; `status` is the order's status either way. undefined: no such card order.
   */
  async markPaymentFailed(
    db: Db,
    orderId: number,
    signal: AbortSignal,
  ): Promise<{ failed: boolean; status: OrderStatus; gatewayRefundId: string | null } | undefined> {
    const [row] = await db.run(markCardOrderPaymentFailed, { id: orderId }, signal);
    if (row === undefined) return undefined;
    return { failed: row.failed, status: oneOf(ORDER_STATUSES, row.status), gatewayRefundId: row.gateway_refund_id };
  }

  /** Records the gateway refund of a cancelled or payment_failed card order (the first one stays). */
  async recordRefund(orderId: number, chargeId: string, refundId: string, signal: AbortSignal): Promise<boolean> {
    return (await this.deps.db.run(recordCardRefund, { id: orderId, chargeId, refundId }, signal)).length === 1;
  }
}

function oneOf<T extends string>(values: readonly T[], value: string): T {
  // CHECK constraints make any other value impossible; if one appears, fail loudly.
  if (!(values as readonly string[]).includes(value)) throw new Error(`unexpected order value ${JSON.stringify(value)}`);
  return value as T;
}
