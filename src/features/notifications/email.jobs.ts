// Enqueuing e-mails, inside the transaction that causes them: the front door other features use
// (password resets through PasswordResetEvents; orders and payments through `enqueue`). Each
// e-mail counts against its recipient's per-minute cap (EMAILS_PER_USER_PER_MINUTE); over it the
// job is enqueued all the same, to start in a later minute.
import type { Db } from '../../platform/db/db.ts';
import type { JobQueue } from '../../platform/jobs/task.ts';
import type { EmailCap } from '../../platform/side-effect-caps.ts';
import type { PasswordResetEvents } from '../users/password-reset.service.ts';
import { emailKey, type SendEmailPayload, type SendEmailTask } from './send-email.task.ts';

/** Who owns an order (OrderPayments provides it), for e-mails whose caller knows only the order. */
export interface OrderOwners {
  ownerOf(db: Db, orderId: number, signal: AbortSignal): Promise<number | undefined>;
}

export interface EmailJobsDeps {
  queue: JobQueue;
  task: SendEmailTask;
  /** The per-user cap and how to find an order's owner; omitted, every e-mail may start at once. */
  cap?: { perUser: EmailCap; orders: OrderOwners };
}

export class EmailJobs implements PasswordResetEvents {
  constructor(private readonly deps: EmailJobsDeps) {}

  /**
   * One queued-or-running job per message: enqueuing the same e-mail twice sends it once. With
   * `userId`, the e-mail counts against that user's cap, which may defer its start.
   */
  async enqueue(tx: Db, payload: SendEmailPayload, signal: AbortSignal, userId?: number): Promise<void> {
    const jobCap = userId === undefined ? undefined : this.deps.cap?.perUser.jobCap(userId);
    await this.deps.queue.enqueue(tx, this.deps.task, payload, signal, {
      singletonKey: `send_email:${emailKey(payload)}`,
      ...(jobCap === undefined ? {} : { cap: jobCap }),
    });
  }

  resetRequested(tx: Db, reset: { id: number; userId: number }, signal: AbortSignal): Promise<void> {
    return this.enqueue(tx, { kind: 'password_reset', reset_id: reset.id }, signal, reset.userId);
  }

  /**
   * The confirmations of new orders, in one statement: from the transaction that created them (card
   * orders), or from the one job a set of balance orders wrote (order_confirmations). Nothing else
   * enqueues an order's confirmation, so the singleton keys need no lock and no lookup (they are
   * still recorded, so a later enqueue of the same message finds its job). That job run again
   * after a run that committed enqueues them again, and each message is still sent once
   * (NotificationService).
   */
  ordersPlaced(tx: Db, orders: readonly { id: number; userId: number }[], signal: AbortSignal): Promise<void> {
    const cap = this.deps.cap?.perUser;
    return this.deps.queue.enqueueEach(
      tx,
      this.deps.task,
      orders.map((order) => {
        const payload: SendEmailPayload = { kind: 'order_confirmation', order_id: order.id };
        const jobCap = cap?.jobCap(order.userId);
        return { payload, singletonKey: `send_email:${emailKey(payload)}`, ...(jobCap === undefined ? {} : { cap: jobCap }) };
      }),
      signal,
    );
  }

  /** Sent by the payment jobs, which know only the order: its owner is looked up when capped. */
  async paymentFailed(tx: Db, orderId: number, signal: AbortSignal): Promise<void> {
    const cap = this.deps.cap;
    const owner = cap?.perUser.enabled === true ? await cap.orders.ownerOf(tx, orderId, signal) : undefined;
    await this.enqueue(tx, { kind: 'payment_failed', order_id: orderId }, signal, owner);
  }
}
