// Chooses the delivery from configuration: SMTP when SMTP_URL is set, else the outbox directory.
import path from 'node:path';
import type { Config } from '../../config.ts';
import type { Clock } from '../clock.ts';
import type { Mailer } from './mailer.ts';
import { OutboxMailer } from './outbox-mailer.ts';
import { SmtpMailer } from './smtp-mailer.ts';

export interface MailSetup {
  mailer: Mailer;
  /** Set when messages go to DATA_DIR/mail instead of a server (the admin lists them). */
  outbox: OutboxMailer | undefined;
}

export function createMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'dataDir'>, clock: Clock): MailSetup {
  if (config.smtpUrl !== undefined) return { mailer: new SmtpMailer({ url: config.smtpUrl, from: config.mailFrom }), outbox: undefined };
  const outbox = new OutboxMailer({ dir: path.join(config.dataDir, 'mail'), from: config.mailFrom, clock });
  return { mailer: outbox, outbox };
}
