// A send_email job runs again when its worker dies after the message was written but before the
// delivery was recorded (found by `npm run bench:reliability -- workers`: 4 duplicates in 40
// kills). The outbox keeps one file per Message-ID whatever the number of sends.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Clock } from '../clock.ts';
import { messageId } from './mailer.ts';
import { OutboxMailer } from './outbox-mailer.ts';

const root = mkdtempSync(path.join(tmpdir(), 'ledgerline-outbox-crash-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
function outbox() {
  let now = Date.parse('2026-11-21T09:55:58.123Z');
  const clock: Clock = { now: () => new Date((now += 1_000)) };
  const dir = path.join(root, `case-${++n}`, 'mail');
  return { mailer: new OutboxMailer({ dir, from: 'Ledgerline <no-reply@shop.example>', clock }), dir };
}

const signal = () => new AbortController().signal;
const message = (id: string) => ({ to: 'buyer@example.com', subject: 'Your order', text: 'Thanks', html: '<p>Thanks</p>', messageId: messageId(id, 'shop.example') });
const messages = (dir: string) => readdirSync(dir).filter((f) => !f.startsWith('.'));

describe('OutboxMailer, one file per Message-ID', () => {
  it('writes a message sent again (a job run twice) only once, under its first name', async () => {
    const { mailer, dir } = outbox();
    await mailer.send(message('order-confirmation-1'), signal());
    await mailer.send(message('order-confirmation-1'), signal());
    await mailer.send(message('order-confirmation-2'), signal());
    expect(messages(dir)).toEqual(['20261121T095559123Z-order-confirmation-1@shop.example.eml', '20261121T095601123Z-order-confirmation-2@shop.example.eml']);
    expect((await mailer.listOutbox(10)).map((m) => m.messageId)).toEqual(['<order-confirmation-2@shop.example>', '<order-confirmation-1@shop.example>']);
  });

  it('completes a send cut short between naming the message and writing it', async () => {
    const { mailer, dir } = outbox();
    // What a process killed right after the name was fixed leaves behind.
    mkdirSync(path.join(dir, '.names'), { recursive: true });
    writeFileSync(path.join(dir, '.names', 'order-confirmation-3@shop.example'), '20261121T000000000Z-order-confirmation-3@shop.example.eml');
    await mailer.send(message('order-confirmation-3'), signal());
    expect(messages(dir)).toEqual(['20261121T000000000Z-order-confirmation-3@shop.example.eml']);
  });

  it('writes one file when sends of the same message race', async () => {
    const { mailer, dir } = outbox();
    await Promise.all(Array.from({ length: 8 }, () => mailer.send(message('order-confirmation-4'), signal())));
    expect(messages(dir)).toHaveLength(1);
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });
});
