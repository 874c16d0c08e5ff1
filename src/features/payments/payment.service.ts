// PaymentService: collects and gives back card payments through the PaymentGateway, and moves
// card orders through OrderPayments. Called by the process_payment and refund_payment jobs
// (payment.jobs.ts). Money safety rests on two rules:
//   - an order is charged with one idempotency key (chargeKey), the same for every attempt of every
//     job, so the gateway charges it at most once however often a job is retried or re-run;
//   - a charge that turns out to belong to an order that is not to be paid (cancelled, or failed
//     while an answer was lost) is refunded by a refund_payment job, once (refundKey).
import type { PaymentSettings } from '../../config.ts';
import { withTransaction, type Db } from '../../platform/db/db.ts';
import type { JobQueue } from '../../platform/jobs/task.ts';
import { deadlineAbort } from '../../platform/signals.ts';
import type { OrderPayments } from '../orders/order.payments.ts';
import { PaymentDeclinedError, GatewayTimeoutError } from './payment.errors.ts';
import { chargeKey, refundKey, type PaymentGateway } from './payment.gateway.ts';
import type { EmailJobs } from '../notifications/email.jobs.ts';
import { paymentTasks, type PaymentTasks } from './payment.jobs.ts';

export interface PaymentServiceDeps {
  /** For the transactions that change an order and enqueue what follows from it. */
  db: Db;
  gateway: PaymentGateway;
  orders: OrderPayments;
  jobs: JobQueue;
  /** Enqueues the payment-failed e-mail in the caller's transaction. */
  emails: Pick<EmailJobs, 'paymentFailed'>;
  settings: PaymentSettings;
}

/** What one process_payment attempt did (for logs and tests). */
export type ChargeOutcome =
  | 'paid'
  /** Nothing to do: the order is already paid, or is not a card order. */
  | 'skipped'
  /** The card was declined: the order is payment_failed and the user e-mailed. */
  | 'declined'
  /** The order was cancelled or failed before or while it was charged: a refund job settles it. */
  | 'refund_enqueued';

export type RefundOutcome = 'refunded' | 'already_refunded' | 'nothing_charged' | 'skipped';

export class PaymentService {
  /** process_payment and refund_payment; register both with the worker. */
  readonly tasks: PaymentTasks;

  constructor(private readonly deps: PaymentServiceDeps) {
    this.tasks = paymentTasks(this, deps.settings);
  }

  /**
   * One attempt at collecting a pending card order. Charges with the order's idempotency key, then
   * records the charge in one conditional statement. A retryable gateway error is rethrown (the job
   * is retried with backoff); a decline fails the payment at once (retrying cannot help).
   */
  async chargeOrder(orderId: number, signal: AbortSignal): Promise<ChargeOutcome> {
    const order = await this.deps.orders.getPaymentState(orderId, signal);
    if (order === undefined || order.paymentMethod !== 'card' || order.status === 'paid') return 'skipped';
    if (order.status !== 'pending') {
      // Cancelled or failed before this attempt: an earlier attempt may still have charged (its
      // answer lost), so let the refund job ask the gateway and give back whatever it holds.
      if (order.gatewayRefundId !== null) return 'skipped';
      await this.deps.jobs.enqueue(this.deps.db, this.tasks.refundPayment, { order_id: orderId }, signal);
      return 'refund_enqueued';
    }
    let chargeId: string;
    try {
      const charge = await this.callGateway(signal, (s) =>
        this.deps.gateway.charge(
          { idempotencyKey: chargeKey(orderId), amountCents: order.totalCents, currency: order.currency, description: `Ledgerline order ${orderId}` },
          s,
        ),
      );
      chargeId = charge.chargeId;
    } catch (err) {
      if (!(err instanceof PaymentDeclinedError)) throw err;
      await this.failPayment(orderId, signal);
      return 'declined';
    }
    return withTransaction(this.deps.db, signal, async (tx) => {
      const recorded = await this.deps.orders.recordCharge(tx, orderId, chargeId, signal);
      if (recorded?.previousStatus === 'pending') return 'paid';
      // Paid meanwhile by a concurrent run of this job: with this very charge (one key per order).
      if (recorded === undefined || recorded.previousStatus === 'paid') return 'skipped';
      // Cancelled (or failed) while the charge was in flight: the money goes back.
      await this.deps.jobs.enqueue(tx, this.tasks.refundPayment, { order_id: orderId }, signal);
      return 'refund_enqueued';
    });
  }

  /**
   * The payment will not happen (the last attempt failed, or the card was declined): a pending
   * order becomes payment_failed and its owner is e-mailed, in one transaction. Unless the order
   * is paid, a refund job also checks the gateway for a charge whose answer was lost.
   */
  async failPayment(orderId: number, signal: AbortSignal): Promise<void> {
    await withTransaction(this.deps.db, signal, async (tx) => {
      const result = await this.deps.orders.markPaymentFailed(tx, orderId, signal);
      if (result === undefined) return;
      if (result.failed) await this.deps.emails.paymentFailed(tx, orderId, signal);
      if ((result.status === 'payment_failed' || result.status === 'cancelled') && result.gatewayRefundId === null) {
        await this.deps.jobs.enqueue(tx, this.tasks.refundPayment, { order_id: orderId }, signal);
      }
    });
  }

  /**
   * Gives back the charge of a cancelled or payment_failed card order, if there is one: the charge
   * recorded on the order, else whatever the gateway holds under the order's charge key. Never
   * refunds a pending or paid order. Idempotent: one refund key per order.
   */
  async refundOrder(orderId: number, signal: AbortSignal): Promise<RefundOutcome> {
    const order = await this.deps.orders.getPaymentState(orderId, signal);
    if (order === undefined || order.paymentMethod !== 'card') return 'skipped';
    if (order.status !== 'cancelled' && order.status !== 'payment_failed') return 'skipped';
    if (order.gatewayRefundId !== null) return 'already_refunded';
    const chargeId =
      order.gatewayChargeId ?? (await this.callGateway(signal, (s) => this.deps.gateway.findCharge(chargeKey(orderId), s)))?.chargeId;
    if (chargeId === undefined) return 'nothing_charged';
    const refund = await this.callGateway(signal, (s) =>
      this.deps.gateway.refund({ idempotencyKey: refundKey(orderId), chargeId, amountCents: order.totalCents }, s),
    );
    await this.deps.orders.recordRefund(orderId, chargeId, refund.refundId, signal);
    return 'refunded';
  }

  /**
   * Every gateway call is bounded by PAYMENT_GATEWAY_TIMEOUT_MS as well as the caller's signal, so
   * a lost answer costs one timeout, not the whole attempt, and is reported as GatewayTimeoutError.
   */
  private async callGateway<T>(signal: AbortSignal, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const bounded = deadlineAbort(signal, this.deps.settings.gatewayTimeoutMs);
    try {
      return await call(bounded.signal);
    } catch (err) {
      if (bounded.timedOut() && !signal.aborted && !(err instanceof GatewayTimeoutError)) throw new GatewayTimeoutError(undefined, { cause: err });
      throw err;
    } finally {
      bounded.dispose();
    }
  }
}
