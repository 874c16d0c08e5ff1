// Delivery into a directory (DATA_DIR/mail) when no SMTP_URL is configured: each message is a
// complete RFC 5322 message (composed by nodemailer, exactly as it would go over SMTP) in a file
// named `<UTC timestamp>-<Message-ID>.eml`, which any mail client opens. The admin lists them.
import { mkdir, open, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Clock } from '../clock.ts';
import { CancelledError } from '../db/errors.ts';
import { readHeaders } from './eml.ts';
import { toNodemailerMessage, type Mailer, type MailMessage, type SentMail } from './mailer.ts';

export interface OutboxEntry {
  /** File name inside the outbox directory. */
  file: string;
  to: string;
  subject: string;
  /** The message's Date header (when it was written). */
  date: Date | null;
  messageId: string;
}

/** Enough of the file to hold the headers of any message we write. */
const HEADER_BYTES = 16 * 1024;

/** `2026-11-21T09:55:58.123Z` → `20261121T095558123Z`: sorts by time, no characters to escape. */
const compactTimestamp = (d: Date) => d.toISOString().replace(/[-:.]/g, '');

export class OutboxMailer implements Mailer {
  private readonly transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

  constructor(private readonly options: { dir: string; from: string; clock: Clock }) {}

  get dir(): string {
    return this.options.dir;
  }

  async send(message: MailMessage, signal: AbortSignal): Promise<SentMail> {
    if (signal.aborted) throw new CancelledError(signal.reason);
    const mail = toNodemailerMessage(message, this.options.from);
    mail.date = this.options.clock.now();
    const info = await this.transport.sendMail(mail);
    const name = `${compactTimestamp(mail.date)}-${mail.messageId.replace(/^<|>$/g, '')}.eml`;
    await mkdir(this.options.dir, { recursive: true });
    // Written under a temporary name, then renamed: a reader never sees half a message.
    const partial = path.join(this.options.dir, `.${name}.partial`);
    try {
      await writeFile(partial, info.message, { signal, mode: 0o600 });
    } catch (err) {
      if (signal.aborted) throw new CancelledError(signal.reason, err);
      throw err;
    }
    await rename(partial, path.join(this.options.dir, name));
    return { messageId: mail.messageId };
  }

  /** The newest `limit` messages, newest first, with the headers a list page shows. */
  async listOutbox(limit: number): Promise<OutboxEntry[]> {
    let files: string[];
    try {
      files = await readdir(this.options.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const newest = files
      .filter((f) => f.endsWith('.eml') && !f.startsWith('.'))
      .sort()
      .reverse()
      .slice(0, limit);
    return Promise.all(newest.map((file) => this.entry(file)));
  }

  private async entry(file: string): Promise<OutboxEntry> {
    const handle = await open(path.join(this.options.dir, file), 'r');
    try {
      const buffer = Buffer.alloc(HEADER_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, HEADER_BYTES, 0);
      const headers = readHeaders(buffer.subarray(0, bytesRead).toString('utf8'));
      const date = headers.get('date');
      const parsed = date === undefined ? NaN : Date.parse(date);
      return {
        file,
        to: headers.get('to') ?? '',
        subject: headers.get('subject') ?? '',
        date: Number.isNaN(parsed) ? null : new Date(parsed),
        messageId: headers.get('message-id') ?? '',
      };
    } finally {
      await handle.close();
    }
  }
}
