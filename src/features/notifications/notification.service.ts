// NotificationService: turns a send_email payload (ids) into one e-mail and sends it, at most once
// per Message-ID as far as this side can tell. It reads what it needs through the owning
// features' services and renders with the templates next to it.
//
// Idempotency: the Message-ID is derived from the payload (`<order-confirmation-42@host>`); a row
// in sent_emails, inserted right after the mail server accepted the message, makes every later
// run of the same job a no-op. A crash (or a lost connection to PostgreSQL) between the server's
// acceptance and that insert sends the message again on the retry: delivery is at least once, and
// the repeated, identical Message-ID lets mail clients recognise the duplicate.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/db.ts';
import { messageId, type Mailer, type MailMessage } from '../../platform/mail/mailer.ts';
import type { OrderService } from '../orders/order.service.ts';
import type { PasswordResetService } from '../users/password-reset.service.ts';
import { orderConfirmationEmail } from './order-confirmation.email.ts';
import { passwordResetEmail } from './password-reset.email.ts';
import { paymentFailedEmail } from './payment-failed.email.ts';
import { deleteSentEmailsBefore, getSentEmail, insertSentEmail } from './queries.queries.ts';
import { emailKey, type DeliveryOutcome, type EmailDelivery, type SendEmailPayload } from './send-email.task.ts';

export interface NotificationServiceDeps {
  db: Db;
  clock: Clock;
  mailer: Mailer;
  orders: Pick<OrderService, 'getForNotification'>;
  passwordResets: Pick<PasswordResetService, 'getForNotification'>;
  /** PUBLIC_URL, without a trailing slash: links in e-mails start with it. */
  publicUrl: string;
}

/** How long recording a message that has already gone out may take (see `deliver`). */
const RECORD_TIMEOUT_MS = 10_000;
/**
 * How long a sent message is remembered: longer than any job can still run again (failed jobs
 * stay retryable for 30 days, plus a week in the archive), so a retry always finds its record.
 */
const SENT_RETENTION_DAYS = 60;
const PURGE_BATCH = 5000;

export class NotificationService implements EmailDelivery {
  private readonly domain: string;

  constructor(private readonly deps: NotificationServiceDeps) {
    // Message-IDs name this installation's host, so two installations never share one.
    const host = new URL(deps.publicUrl).hostname;
    this.domain = /^[A-Za-z0-9.-]+$/.test(host) ? host : 'ledgerline';
  }

  /** The Message-ID of the e-mail a payload stands for (the same on every retry). */
  messageIdFor(payload: SendEmailPayload): string {
    return messageId(emailKey(payload), this.domain);
  }

  async deliver(payload: SendEmailPayload, signal: AbortSignal): Promise<DeliveryOutcome> {
    const id = this.messageIdFor(payload);
    const [sent] = await this.deps.db.run(getSentEmail, { messageId: id }, signal);
    if (sent !== undefined) return 'already_sent';
    const message = await this.compose(payload, signal);
    if (message === null) return 'skipped';
    await this.deps.mailer.send({ ...message, messageId: id }, signal);
    // The message is out: record it even if the job's time limit fires now, because forgetting it
    // means sending it again. Hence its own bounded signal instead of the job's.
    await this.deps.db.run(insertSentEmail, { messageId: id, recipient: message.to }, AbortSignal.timeout(RECORD_TIMEOUT_MS));
    return 'sent';
  }

  /** Housekeeping: forgets messages sent more than SENT_RETENTION_DAYS ago; how many went. */
  async purgeOld(signal: AbortSignal): Promise<number> {
    const before = new Date(this.deps.clock.now().getTime() - SENT_RETENTION_DAYS * 86_400_000);
    let total = 0;
    for (;;) {
      const [row] = await this.deps.db.run(deleteSentEmailsBefore, { before, limit: PURGE_BATCH }, signal);
      const deleted = row?.deleted ?? 0;
      total += deleted;
      if (deleted < PURGE_BATCH) return total;
    }
  }

  /** The message for a payload, or null when there is nothing to send any more. */
  private async compose(payload: SendEmailPayload, signal: AbortSignal): Promise<Omit<MailMessage, 'messageId'> | null> {
    switch (payload.kind) {
      case 'order_confirmation':
      case 'payment_failed': {
        // A missing order was deleted with its user: nobody to write to.
        const order = await this.deps.orders.getForNotification(payload.order_id, signal);
        if (order === null) return null;
        const email = payload.kind === 'order_confirmation' ? orderConfirmationEmail(order) : paymentFailedEmail(order);
        return { to: order.userEmail, ...email };
      }
      case 'password_reset': {
        // Null once the reset is used, superseded or expired: a dead link is not worth sending.
        const reset = await this.deps.passwordResets.getForNotification(payload.reset_id, signal);
        if (reset === null) return null;
        const link = `${this.deps.publicUrl}/reset-password?token=${encodeURIComponent(reset.token)}`;
        return { to: reset.email, ...passwordResetEmail({ name: reset.name, link, expiresAt: reset.expiresAt }) };
      }
    }
  }
}
