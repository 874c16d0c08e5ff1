// Test support for mail: an in-process SMTP server that keeps what it receives, a self-signed
// certificate for TLS tests, and a small MIME reader to look inside received messages. Not a
// test file itself: vitest only collects *.test.ts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { readHeaders } from './eml.ts';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The raw message as the server received it. */
  raw: string;
  /** Whether the connection was encrypted (TLS or STARTTLS) when the message arrived. */
  secure: boolean;
  /** The user name the client authenticated as, if it did. */
  user: string | undefined;
}

export interface TestSmtpServer {
  port: number;
  /** `smtp://127.0.0.1:<port>` (or smtps:// for a `secure` server); add credentials as needed. */
  url: string;
  received: ReceivedMail[];
  /** Resolves once `count` messages have arrived (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** Number of client connections that have closed. */
  closedConnections(): number;
  /** Answer the next `count` messages with a temporary failure (451) instead of accepting them. */
  failNext(count: number): void;
  close(): Promise<void>;
}

export interface TestSmtpOptions {
  /** Accepted credentials; when set, AUTH is required (also over plain text, for the test). */
  credentials?: { user: string; pass: string };
  /** TLS from the first byte (smtps://). Needs `tls`. */
  secure?: boolean;
  /** Certificate and key: STARTTLS is offered on a plain server, used by a secure one. */
  tls?: { key: string; cert: string };
  /** Never answer the end of DATA (a stuck server). */
  stall?: boolean;
  /** Refuse these recipients with 550. */
  refuse?: string[];
}

export async function startTestSmtpServer(options: TestSmtpOptions = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const waiters: (() => void)[] = [];
  let closed = 0;
  let failures = 0;
  let stopped: Promise<void> | undefined;
  const serverOptions: SMTPServerOptions = {
    secure: options.secure ?? false,
    ...(options.tls ?? {}),
    logger: false,
    disabledCommands: options.tls === undefined ? ['STARTTLS'] : [],
    authOptional: options.credentials === undefined,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      const ok = auth.username === options.credentials?.user && auth.password === options.credentials?.pass;
      callback(ok ? null : new Error('Invalid username or password'), ok ? { user: auth.username } : undefined);
    },
    onRcptTo(address, _session, callback) {
      if (options.refuse?.includes(address.address)) {
        const err = Object.assign(new Error('No such user here'), { responseCode: 550 });
        callback(err);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (options.stall) return;
        if (failures > 0) {
          failures--;
          callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
          return;
        }
        received.push({
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          secure: session.secure,
          user: typeof session.user === 'string' ? session.user : undefined,
        });
        callback();
        for (const w of waiters.splice(0)) w();
      });
    },
    onClose() {
      closed++;
    },
  };
  const server = new SMTPServer(serverOptions);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `${options.secure ? 'smtps' : 'smtp'}://127.0.0.1:${port}`,
    received,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${count} message(s), got ${received.length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return received.slice(0, count);
    },
    closedConnections: () => closed,
    failNext(count) {
      failures = count;
    },
    close() {
      stopped ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return stopped;
    },
  };
}

/** A throwaway self-signed certificate for 127.0.0.1 / localhost (needs the openssl command). */
export function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'ledgerline-cert-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=localhost',
        '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

export interface MimeMessage {
  headers: Map<string, string>;
  /** The decoded text/plain part, if any. */
  text: string | undefined;
  /** The decoded text/html part, if any. */
  html: string | undefined;
}

/** Reads a MIME message (single part or multipart, 7bit/8bit/quoted-printable/base64, UTF-8). */
export function readMime(raw: string): MimeMessage {
  const message: MimeMessage = { headers: readHeaders(raw), text: undefined, html: undefined };
  collectParts(raw, message);
  return message;
}

function collectParts(entity: string, into: MimeMessage): void {
  const split = /\r?\n\r?\n/.exec(entity);
  const headers = readHeaders(entity);
  const body = split === null ? '' : entity.slice(split.index + split[0].length);
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary !== undefined) {
    const parts = body.split(`--${boundary}`).slice(1);
    for (const part of parts) {
      if (part.startsWith('--')) break;
      collectParts(part.replace(/^\r?\n/, ''), into);
    }
    return;
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const decoded =
    encoding === 'base64'
      ? Buffer.from(body, 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? Buffer.from(
            body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ).toString('utf8')
        : body;
  if (/^text\/html/i.test(type)) into.html ??= decoded;
  else if (/^text\/plain/i.test(type)) into.text ??= decoded;
}
