// Outgoing e-mail as the rest of the code sees it: one `send` that either hands a message to the
// configured delivery (an SMTP server, or the local outbox directory) or fails. Which one is
// chosen in main.ts from SMTP_URL; features only ever see `Mailer`.
import { randomUUID } from 'node:crypto';
import type { SendMailOptions } from 'nodemailer';

export interface MailMessage {
  /** One recipient address. */
  to: string;
  subject: string;
  text: string;
  /** Every interpolated value must already be HTML-escaped (the templates do it). */
  html: string;
  /**
   * A stable Message-ID, angle brackets included (see `messageId()`), so that a retried send of
   * the same message is recognisable, by us and by the receiving side. Generated when absent.
   */
  messageId?: string;
}

export interface SentMail {
  /** The Message-ID the message went out with. */
  messageId: string;
}

export interface Mailer {
  /**
   * Delivers one message, or throws (MailDeliveryError, or CancelledError once `signal` fires;
   * a fired signal also closes the connection, so nothing is left half-sent in the background).
   */
  send(message: MailMessage, signal: AbortSignal): Promise<SentMail>;
}

/** The server refused the message or could not be reached; `permanent` for a 5xx reply. */
export class MailDeliveryError extends Error {
  override readonly name = 'MailDeliveryError';
  readonly code = 'mail.delivery_failed';
  constructor(
    message: string,
    readonly permanent: boolean,
    cause: unknown,
  ) {
    super(message, { cause });
  }
}

const ID_PART = /^[A-Za-z0-9._-]+$/;

/**
 * `<local@domain>` for a message about something (e.g. `messageId('order-confirmation-42', host)`),
 * or a random one. Only dot-atom characters, so it is also safe in a file name.
 */
export function messageId(local: string = randomUUID(), domain = 'ledgerline'): string {
  if (!ID_PART.test(local) || !ID_PART.test(domain)) throw new Error(`invalid Message-ID parts: ${local}@${domain}`);
  return `<${local}@${domain}>`;
}

/** The message as nodemailer composes it; both mailers build the same MIME message from it. */
export function toNodemailerMessage(message: MailMessage, from: string): SendMailOptions & { messageId: string } {
  return {
    from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId ?? messageId(),
    // Default would use the local host name in the Message-ID's place; we always set our own.
    date: new Date(),
  };
}
