// Delivery over SMTP (SMTP_URL), with nodemailer.
//   smtp://[user:pass@]host[:port]   plain TCP (default port 587), upgraded with STARTTLS whenever
//                                    the server offers it; a failed upgrade is an error, never a
//                                    silent fallback to plain text.
//   smtps://[user:pass@]host[:port]  TLS from the first byte (default port 465).
// Credentials come from the URL (percent-encoded). One connection per message, no pool: mail is a
// background job at a few messages a second at most, and a fresh connection per send means an
// aborted send can close its own connection without touching anyone else's.
import type { ConnectionOptions } from 'node:tls';
import type { SMTPSentMessageInfo, SMTPTransportOptions, Transporter } from 'nodemailer';
import { CancelledError } from '../db/errors.ts';
import { MailDeliveryError, toNodemailerMessage, type Mailer, type MailMessage, type SentMail } from './mailer.ts';

export interface SmtpMailerOptions {
  /** `smtp://` or `smtps://`, credentials in the URL. */
  url: string;
  /** The From header and envelope sender (MAIL_FROM). */
  from: string;
  /** Extra TLS settings, e.g. `ca` for a relay with a private certificate authority (tests). */
  tls?: ConnectionOptions;
  /** Backstops for a silent server; the caller's signal is the real time limit. */
  connectionTimeoutMs?: number;
  socketTimeoutMs?: number;
}

/** nodemailer transport options for an SMTP_URL; exported for tests. */
export function smtpTransportOptions(options: SmtpMailerOptions): SMTPTransportOptions {
  const url = new URL(options.url);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error('SMTP_URL must be an smtp:// or smtps:// URL');
  const secure = url.protocol === 'smtps:';
  const user = decodeURIComponent(url.username);
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'), // [::1] → ::1
    port: url.port === '' ? (secure ? 465 : 587) : Number(url.port),
    secure,
    // STARTTLS when offered (nodemailer's default for a non-secure connection); stated here so
    // that nobody "simplifies" it away. opportunisticTLS stays off: a failed upgrade fails.
    ignoreTLS: false,
    requireTLS: false,
    auth: user === '' ? undefined : { user, pass: decodeURIComponent(url.password) },
    tls: { ...options.tls },
    connectionTimeout: options.connectionTimeoutMs ?? 10_000,
    greetingTimeout: options.connectionTimeoutMs ?? 10_000,
    socketTimeout: options.socketTimeoutMs ?? 30_000,
  };
}

export class SmtpMailer implements Mailer {
  private readonly transportOptions: SMTPTransportOptions;
  /** Made at the first send: nodemailer is loaded by the processes that send mail (workers) only. */
  private transport: Promise<Transporter<SMTPSentMessageInfo>> | undefined;

  constructor(private readonly options: SmtpMailerOptions) {
    // Checked now, so a bad SMTP_URL fails at start-up, not at the first e-mail.
    this.transportOptions = smtpTransportOptions(options);
  }

  async send(message: MailMessage, signal: AbortSignal): Promise<SentMail> {
    if (signal.aborted) throw new CancelledError(signal.reason);
    const mail = toNodemailerMessage(message, this.options.from);
    try {
      // nodemailer (≥ 10.5) closes this send's connection when the signal fires, mid-dialogue too.
      // pool: false (the default): every sendMail opens, uses and closes its own connection.
      this.transport ??= import('nodemailer').then((m) => m.default.createTransport(this.transportOptions));
      const info = await (await this.transport).sendMail({ ...mail, signal });
      if (info.rejected.length > 0) {
        throw new MailDeliveryError(`the SMTP server refused the recipient: ${info.response}`, true, undefined);
      }
      return { messageId: mail.messageId };
    } catch (err) {
      if (signal.aborted) throw new CancelledError(signal.reason, err);
      if (err instanceof MailDeliveryError) throw err;
      const e = err as { message?: string; permanent?: boolean; responseCode?: number };
      const permanent = e.permanent ?? (e.responseCode !== undefined && e.responseCode >= 500);
      throw new MailDeliveryError(`SMTP delivery failed: ${e.message ?? String(err)}`, permanent, err);
    }
  }
}
