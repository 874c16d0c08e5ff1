// The seam between orders and the background jobs: what else must happen, in the same
// transaction, when an order is placed or cancelled. JobOrderEvents is the implementation.
import type { Db } from '../../platform/db/db.ts';
import type { JobQueue } from '../../platform/jobs/task.ts';
import type { EmailJobs } from '../notifications/email.jobs.ts';
import type { OrderConfirmationsTask } from '../notifications/order-confirmations.task.ts';
import type { OrderPaymentTask } from '../payments/payment.jobs.ts';
import type { Order } from './order.ts';
import type { IPlaceBalanceOrdersParams } from './queries.queries.ts';

/**
 * Side effects of order changes, run inside the transaction that makes the change (`tx`), so that
 * an order and its jobs commit or roll back together. An implementation only enqueues; it must not
 * call anything outside the database.
 */
export interface OrderEvents {
  /**
   * The job of a set of balance orders, which the statement that places them writes itself
   * (PlaceBalanceOrders), so ordersPlaced is not called for them.
   */
  readonly balanceOrderJobs: BalanceOrderJobs;
  /**
   * Card orders were written by `tx`: their ids are new, and jobs keyed by them cannot exist yet.
   * Called once per set of orders written together.
   */
  ordersPlaced(tx: Db, orders: readonly Order[], signal: AbortSignal): Promise<void>;
  /** The order was cancelled (a paid balance order is already refunded to the balance). */
  orderCancelled(tx: Db, order: Order, signal: AbortSignal): Promise<void>;
}

/**
 * The job the statement placing a set of balance orders writes for their confirmation e-mails
 * (docs/DECISIONS.md, "One confirmations job per set of balance orders").
 */
export interface BalanceOrderJobs {
  /** The settings the statement writes the set's job with. */
  params(): BalanceOrderJobParams;
  /** Runs the statement through JobQueue.inQueue: without the job's queue, it is created and the statement runs again. */
  inQueue<R>(db: Db, signal: AbortSignal, write: () => Promise<R | undefined>): Promise<R>;
  /** The statement wrote the job: idle workers are woken once `db` commits. */
  written(db: Db): Promise<void>;
}

export type BalanceOrderJobParams = Pick<IPlaceBalanceOrdersParams, 'jobName' | 'expireInSeconds' | 'keepUntil' | 'retryLimit' | 'retryDelay' | 'retryBackoff'>;

export interface JobOrderEventsDeps {
  jobs: JobQueue;
  /** Enqueues card orders' confirmation e-mails (one job per message: its own singleton key). */
  emails: Pick<EmailJobs, 'ordersPlaced'>;
  /** Enqueues the confirmation e-mails of a set of balance orders, from the one job the set writes. */
  orderConfirmations: OrderConfirmationsTask;
  /** PaymentService.tasks. */
  payments: { processPayment: OrderPaymentTask; refundPayment: OrderPaymentTask };
}

/** OrderEvents as jobs, enqueued on the order's own transaction. */
export class JobOrderEvents implements OrderEvents {
  constructor(private readonly deps: JobOrderEventsDeps) {}

  /** A set of balance orders' confirmations: one order_confirmations job. */
  readonly balanceOrderJobs: BalanceOrderJobs = {
    params: () => {
      const { name, ...settings } = this.deps.jobs.insertSettings(this.deps.orderConfirmations);
      return { ...settings, jobName: name };
    },
    inQueue: (db, signal, write) => this.deps.jobs.inQueue(db, this.deps.orderConfirmations, signal, write),
    written: (db) => this.deps.jobs.jobsWritten(db, this.deps.orderConfirmations),
  };

  /**
   * Card orders (pending): the confirmation e-mail, and process_payment, at most one
   * queued or running per order (the singleton key) — a second one would be harmless, since the
   * charge's idempotency key is per order, but pointless. The orders are new to this transaction,
   * so the keys are too (NewJob). One statement per task, however many orders.
   */
  async ordersPlaced(tx: Db, orders: readonly Order[], signal: AbortSignal): Promise<void> {
    const { jobs, emails, payments } = this.deps;
    await emails.ordersPlaced(tx, orders, signal);
    const toCharge = orders.filter((o) => o.paymentMethod === 'card' && o.status === 'pending');
    await jobs.enqueueEach(tx, payments.processPayment, toCharge.map((o) => ({ payload: { order_id: o.id }, singletonKey: `order:${o.id}:payment` })), signal);
  }

  /**
   * A paid card order: refund_payment gives the charge back through the gateway. A pending card
   * order needs nothing here: its process_payment job is still queued or running, and when it next
   * looks at the order it sees the cancellation and settles any charge an earlier attempt made.
   */
  async orderCancelled(tx: Db, order: Order, signal: AbortSignal): Promise<void> {
    if (order.paymentMethod === 'card' && order.paidAt !== null) {
      await this.deps.jobs.enqueue(tx, this.deps.payments.refundPayment, { order_id: order.id }, signal);
    }
  }
}
