import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Clock } from '../clock.ts';
import { CancelledError } from '../db/errors.ts';
import { decodeWords } from './eml.ts';
import { readMime } from './mail.fixtures.ts';
import { messageId } from './mailer.ts';
import { OutboxMailer } from './outbox-mailer.ts';

const FROM = 'Ledgerline <no-reply@shop.example>';
const root = mkdtempSync(path.join(tmpdir(), 'ledgerline-outbox-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** A mailer on a fresh directory (that does not exist yet), with a clock the test sets. */
function outbox(start = Date.parse('2026-11-21T09:55:58.123Z')) {
  let now = start;
  const clock: Clock = { now: () => new Date(now) };
  const dir = path.join(root, `case-${++n}`, 'mail');
  return { mailer: new OutboxMailer({ dir, from: FROM, clock }), dir, tick: (ms: number) => (now += ms) };
}

const signal = () => new AbortController().signal;

describe('OutboxMailer', () => {
  it('writes one RFC 5322 .eml per message, named <timestamp>-<Message-ID>.eml, that a MIME reader opens', async () => {
    const { mailer, dir } = outbox();
    const sent = await mailer.send(
      {
        to: 'buyer@example.com',
        subject: 'Réinitialisez votre mot de passe',
        text: 'Open https://shop.example/reset-password?token=abc\n',
        html: '<p><a href="https://shop.example/reset-password?token=abc">Reset</a> — ça marche</p>',
        messageId: messageId('password-reset-7', 'shop.example'),
      },
      signal(),
    );
    expect(sent.messageId).toBe('<password-reset-7@shop.example>');
    expect(readdirSync(dir).filter((f) => !f.startsWith('.'))).toEqual(['20261121T095558123Z-password-reset-7@shop.example.eml']);
    const raw = readFileSync(path.join(dir, '20261121T095558123Z-password-reset-7@shop.example.eml'), 'utf8');
    expect(raw).toMatch(/\r\n\r\n/); // CRLF line ends, as on the wire
    const parsed = readMime(raw);
    expect(parsed.headers.get('to')).toBe('buyer@example.com');
    expect(parsed.headers.get('from')).toBe(FROM);
    expect(parsed.headers.get('subject')).toBe('Réinitialisez votre mot de passe');
    expect(parsed.headers.get('message-id')).toBe('<password-reset-7@shop.example>');
    expect(parsed.headers.get('mime-version')).toBe('1.0');
    expect(new Date(parsed.headers.get('date')!).toISOString()).toBe('2026-11-21T09:55:58.000Z');
    expect(parsed.headers.get('content-type')).toMatch(/^multipart\/alternative; boundary=/);
    expect(parsed.text).toContain('https://shop.example/reset-password?token=abc');
    expect(parsed.html).toContain('— ça marche');
  });

  it('lists the newest messages first with recipient, subject and date, up to a limit', async () => {
    const { mailer, tick } = outbox();
    for (const i of [1, 2, 3]) {
      await mailer.send({ to: `u${i}@example.com`, subject: `Message ${i} — ü`, text: 'x', html: '<p>x</p>' }, signal());
      tick(1_000);
    }
    const listed = await mailer.listOutbox(2);
    expect(listed.map((e) => [e.to, e.subject])).toEqual([
      ['u3@example.com', 'Message 3 — ü'],
      ['u2@example.com', 'Message 2 — ü'],
    ]);
    expect(listed[0]!.date?.toISOString()).toBe('2026-11-21T09:56:00.000Z');
    expect(listed[0]!.file).toMatch(/^20261121T095600123Z-.+\.eml$/);
    expect(listed[0]!.messageId).toMatch(/^<.+@ledgerline>$/);
  });

  it('lists nothing before the first message (the directory does not exist yet)', async () => {
    expect(await outbox().mailer.listOutbox(10)).toEqual([]);
  });

  it('writes nothing once the signal has fired', async () => {
    const { mailer, dir } = outbox();
    const controller = new AbortController();
    controller.abort();
    await expect(mailer.send({ to: 'a@example.com', subject: 's', text: 't', html: 'h' }, controller.signal)).rejects.toBeInstanceOf(CancelledError);
    expect(await mailer.listOutbox(10)).toEqual([]);
    expect(() => readdirSync(dir)).toThrow();
  });
});

describe('decodeWords', () => {
  it('decodes B and Q encoded words and joins adjacent ones', () => {
    expect(decodeWords('=?UTF-8?B?w6ljaGVj?= =?UTF-8?Q?_=C3=A0_la?= carte')).toBe('échec à la carte');
    expect(decodeWords('plain text')).toBe('plain text');
    expect(decodeWords('=?x-unknown?Q?abc?=')).toBe('=?x-unknown?Q?abc?=');
  });
});
