// Delivery into a directory (DATA_DIR/mail) when no SMTP_URL is configured: each message is a
// complete RFC 5322 message (composed by nodemailer, exactly as it would go over SMTP) in a file
// named `<UTC timestamp>-<Message-ID>.eml`, which any mail client opens. The admin lists them.
// At most one file per Message-ID, even across crashes (see `fileNameFor`).
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../clock.ts';
import { CancelledError } from '../db/errors.ts';
import { readHeaderFields, readHeaders, readTextBody } from './eml.ts';
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

/** One message as the admin shows it: every header, and the text part (never the HTML one). */
export interface OutboxMessage extends OutboxEntry {
  headers: [name: string, value: string][];
  text: string | undefined;
}

/** Enough of the file to hold the headers of any message we write. */
const HEADER_BYTES = 16 * 1024;

/**
 * The file names listOutbox returns and the readers accept: one path segment, not hidden, no
 * separators or quotes (ours are `<timestamp>-<Message-ID>.eml`, Message-IDs being dot-atoms).
 * Anything else from a URL is refused before it comes near the file system.
 */
const OUTBOX_FILE = /^[A-Za-z0-9][A-Za-z0-9._@+=-]{0,250}\.eml$/;

export const isOutboxFileName = (name: string): boolean => OUTBOX_FILE.test(name);

export interface OutboxListOptions {
  /** Only messages older than this file (the cursor of the previous page). */
  before?: string | undefined;
  limit: number;
}

/** Under the outbox directory (hidden from the listing): the file name each Message-ID was given. */
const NAMES_DIR = '.names';

/** `2026-11-21T09:55:58.123Z` → `20261121T095558123Z`: sorts by time, no characters to escape. */
const compactTimestamp = (d: Date) => d.toISOString().replace(/[-:.]/g, '');

/** nodemailer composing the message as it would go over SMTP, into a buffer instead of a socket. */
const composer = () => import('nodemailer').then((m) => m.default.createTransport({ streamTransport: true, buffer: true, newline: 'windows' }));

export class OutboxMailer implements Mailer {
  /** Made at the first send: nodemailer is loaded by the processes that send mail (workers) only. */
  private transport: ReturnType<typeof composer> | undefined;

  constructor(private readonly options: { dir: string; from: string; clock: Clock }) {}

  get dir(): string {
    return this.options.dir;
  }

  async send(message: MailMessage, signal: AbortSignal): Promise<SentMail> {
    if (signal.aborted) throw new CancelledError(signal.reason);
    const mail = toNodemailerMessage(message, this.options.from);
    mail.date = this.options.clock.now();
    this.transport ??= composer();
    const info = await (await this.transport).sendMail(mail);
    const id = mail.messageId.replace(/^<|>$/g, '');
    const name = await this.fileNameFor(id, `${compactTimestamp(mail.date)}-${id}.eml`);
    // Already there: an earlier send of this message got as far as the rename.
    if (await exists(path.join(this.options.dir, name))) return { messageId: mail.messageId };
    // Written under a temporary name, then renamed: a reader never sees half a message.
    const partial = path.join(this.options.dir, `.${name}.${randomBytes(4).toString('hex')}.partial`);
    try {
      await writeFile(partial, info.message, { signal, mode: 0o600 });
    } catch (err) {
      if (signal.aborted) throw new CancelledError(signal.reason, err);
      throw err;
    }
    await rename(partial, path.join(this.options.dir, name));
    return { messageId: mail.messageId };
  }

  /**
   * The file name of a Message-ID, fixed by its first send: a job that runs again because its
   * worker died after the message was written but before the delivery was recorded (kill -9, OOM)
   * finds the message under that name instead of writing a second one, and a send cut short
   * before the rename completes it. The first name is published with link(), which is atomic and
   * fails on an existing name, so concurrent sends of one message agree on it too.
   */
  private async fileNameFor(id: string, proposed: string): Promise<string> {
    const dir = path.join(this.options.dir, NAMES_DIR);
    await mkdir(dir, { recursive: true });
    const record = path.join(dir, id);
    const draft = `${record}.${randomBytes(4).toString('hex')}.draft`;
    await writeFile(draft, proposed, { mode: 0o600 });
    try {
      await link(draft, record);
      return proposed;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const recorded = (await readFile(record, 'utf8')).trim();
      return isOutboxFileName(recorded) ? recorded : proposed;
    } finally {
      await rm(draft, { force: true });
    }
  }

  /**
   * The newest `limit` messages (older than `before`, when given), newest first, with the headers
   * a list page shows. File names start with the UTC timestamp, so name order is time order.
   */
  async listOutbox(options: number | OutboxListOptions): Promise<OutboxEntry[]> {
    const { before, limit } = typeof options === 'number' ? { before: undefined, limit: options } : options;
    let files: string[];
    try {
      // Regular files only: never a link or a directory someone put there.
      files = (await readdir(this.options.dir, { withFileTypes: true })).filter((d) => d.isFile()).map((d) => d.name);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const newest = files
      .filter((f) => isOutboxFileName(f) && (before === undefined || f < before))
      .sort()
      .reverse()
      .slice(0, limit);
    return Promise.all(newest.map(async (file) => entryOf(file, await this.read(file, HEADER_BYTES))));
  }

  /** One message with all its headers and its text part; undefined for a name listOutbox could not return. */
  async readMessage(file: string): Promise<OutboxMessage | undefined> {
    const raw = await this.readRaw(file);
    if (raw === undefined) return undefined;
    const text = raw.toString('utf8');
    return { ...entryOf(file, raw), headers: readHeaderFields(text), text: readTextBody(text) };
  }

  /** The message file as written (RFC 5322), for download; undefined when there is no such message. */
  async readRaw(file: string): Promise<Buffer | undefined> {
    if (!isOutboxFileName(file)) return undefined;
    try {
      return await this.read(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // ELOOP: a symbolic link (O_NOFOLLOW); the outbox only ever holds files we wrote.
      if (code === 'ENOENT' || code === 'ELOOP' || code === 'EISDIR') return undefined;
      throw err;
    }
  }

  /** Up to `maxBytes` of a file in the outbox directory; `file` must pass isOutboxFileName. */
  private async read(file: string, maxBytes?: number): Promise<Buffer> {
    const handle = await open(path.join(this.options.dir, file), constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      if (maxBytes === undefined) return await handle.readFile();
      const buffer = Buffer.alloc(maxBytes);
      const { bytesRead } = await handle.read(buffer, 0, maxBytes, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** The list's view of a message, from (at least) its header section. */
function entryOf(file: string, start: Buffer): OutboxEntry {
  const headers = readHeaders(start.subarray(0, HEADER_BYTES).toString('utf8'));
  const date = headers.get('date');
  const parsed = date === undefined ? NaN : Date.parse(date);
  return {
    file,
    to: headers.get('to') ?? '',
    subject: headers.get('subject') ?? '',
    date: Number.isNaN(parsed) ? null : new Date(parsed),
    messageId: headers.get('message-id') ?? '',
  };
}
