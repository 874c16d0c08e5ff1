// Enqueuing e-mails, inside the transaction that causes them: the front door other features use
// (password resets through PasswordResetEvents; orders and payments through `enqueue`).
import type { Db } from '../../platform/db/db.ts';
import type { JobQueue } from '../../platform/jobs/task.ts';
import type { PasswordResetEvents } from '../users/password-reset.service.ts';
import { emailKey, type SendEmailPayload, type SendEmailTask } from './send-email.task.ts';

export class EmailJobs implements PasswordResetEvents {
  constructor(private readonly deps: { queue: JobQueue; task: SendEmailTask }) {}

  /** One queued-or-running job per message: enqueuing the same e-mail twice sends it once. */
  enqueue(tx: Db, payload: SendEmailPayload, signal: AbortSignal): Promise<void> {
    return this.deps.queue.enqueue(tx, this.deps.task, payload, signal, { singletonKey: `send_email:${emailKey(payload)}` });
  }

  resetRequested(tx: Db, resetId: number, signal: AbortSignal): Promise<void> {
    return this.enqueue(tx, { kind: 'password_reset', reset_id: resetId }, signal);
  }

  orderPlaced(tx: Db, orderId: number, signal: AbortSignal): Promise<void> {
    return this.enqueue(tx, { kind: 'order_confirmation', order_id: orderId }, signal);
  }

  paymentFailed(tx: Db, orderId: number, signal: AbortSignal): Promise<void> {
    return this.enqueue(tx, { kind: 'payment_failed', order_id: orderId }, signal);
  }
}
