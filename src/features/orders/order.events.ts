// The seam between orders and the background jobs: what else must happen, in the same
// transaction, when an order is placed or cancelled. The jobs issue implements it.
import type { Db } from '../../platform/db/db.ts';
import type { Order } from './order.ts';

/**
 * Side effects of order changes, run inside the transaction that makes the change (`tx`), so that
 * an order and its jobs commit or roll back together. An implementation only enqueues; it must not
 * call anything outside the database.
 */
export interface OrderEvents {
  /**
   * The order was written (a balance order is already paid and debited). To come: enqueue the
   * confirmation e-mail, and for a `card` order (status `pending`) the `process_payment` job.
   */
  orderPlaced(tx: Db, order: Order, signal: AbortSignal): Promise<void>;
  /**
   * The order was cancelled (a paid balance order is already refunded to the balance). To come: a
   * paid card order (`paymentMethod === 'card' && paidAt !== null`) is refunded through the
   * gateway by a job enqueued here.
   */
  orderCancelled(tx: Db, order: Order, signal: AbortSignal): Promise<void>;
}

/**
 * PLACEHOLDER until the background-jobs issue lands; main.ts passes it to OrderService. It enqueues
 * nothing, so for now no confirmation e-mail is sent, card orders stay `pending` (they are never
 * marked paid without a payment), and a paid card order's gateway refund has no job. Replace it in
 * main.ts with the job-queue implementation of OrderEvents; nothing else needs to change.
 */
export class NoJobQueueYet implements OrderEvents {
  async orderPlaced(_tx: Db, _order: Order, _signal: AbortSignal): Promise<void> {
    // Intentionally nothing: see the class comment.
  }

  async orderCancelled(_tx: Db, _order: Order, _signal: AbortSignal): Promise<void> {
    // Intentionally nothing: see the class comment.
  }
}
