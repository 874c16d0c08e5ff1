import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../../../test/support/factories.ts';
import { withTransaction } from '../../platform/db/db.ts';
import { fund } from '../balance/balance.fixtures.ts';
import { makeProduct, postOrder } from '../orders/order.fixtures.ts';
import { startMailTestApp, type MailTestApp } from './mail.fixtures.ts';

let m: MailTestApp;
let staff: TestUser;
beforeAll(async () => {
  m = await startMailTestApp();
  await m.startWorker();
  staff = await createUser(m.t, { staff: true });
});
afterAll(async () => m.close());

const signal = () => new AbortController().signal;

async function fundedUser(amountCents: number): Promise<TestUser> {
  const user = await createUser(m.t);
  await fund(m.t, staff, user, amountCents);
  return user;
}

/**
 * Whether sent_emails records the message. The worker inserts the row just after the server's
 * acceptance, so a test that saw the message arrive waits for the row before running the job again.
 */
const recorded = async (messageId: string) =>
  (await m.t.database.admin.query('SELECT 1 FROM sent_emails WHERE message_id = $1', [messageId])).rows.length === 1;

/** Gives the worker time to pick up anything that was (wrongly) enqueued. */
const settle = () => new Promise((r) => setTimeout(r, 500));

describe('order e-mails, end to end through the worker and SMTP', () => {
  it('sends the confirmation of a placed order to its owner: lines, prices and total in major units, names escaped', async () => {
    const user = await fundedUser(10_000);
    const widget = await makeProduct(m.t, 1500, `<b>Widget</b> ${Date.now()}`);
    const pin = await makeProduct(m.t, 5, `Pin & "needle" ${Date.now()}`);
    const res = await postOrder(m.t, user, { items: [{ product_id: widget.id, qty: 2 }, { product_id: pin.id, qty: 3 }], payment_method: 'balance' });
    expect(res.status).toBe(201);
    const [mail] = await m.waitForMail(user.email);
    expect(mail!.headers.get('to')).toBe(user.email);
    expect(mail!.headers.get('subject')).toBe(`Your order #${res.body.id} is confirmed`);
    expect(mail!.headers.get('message-id')).toBe(`<order-confirmation-${res.body.id}@shop.example>`);
    expect(mail!.text).toContain(`- ${widget.name}: 2 × 15.00 USD = 30.00 USD`);
    expect(mail!.text).toContain(`- ${pin.name}: 3 × 0.05 USD = 0.15 USD`);
    expect(mail!.text).toContain('Total: 30.15 USD');
    expect(mail!.text).toContain('Status: paid.');
    expect(mail!.html).toContain('&lt;b&gt;Widget&lt;/b&gt;');
    expect(mail!.html).not.toContain('<b>Widget</b>');
    expect(mail!.html).toContain('Pin &amp; &quot;needle&quot;');
    expect(mail!.html).toContain('30.15 USD');
  });

  it('sends nothing for an order that was refused and rolled back (insufficient funds)', async () => {
    const user = await fundedUser(100);
    const widget = await makeProduct(m.t, 1500);
    const res = await postOrder(m.t, user, { items: [{ product_id: widget.id, qty: 1 }], payment_method: 'balance' });
    expect(res.status).toBe(422);
    await settle();
    expect(m.mailTo(user.email)).toEqual([]);
  });

  it('sends nothing for an order whose surrounding transaction rolls back', async () => {
    const user = await fundedUser(10_000);
    const widget = await makeProduct(m.t, 1500);
    const failure = new Error('rolled back on purpose');
    await expect(
      withTransaction(m.t.db, signal(), async (tx) => {
        await m.t.services.orders.withDb(tx).create(user.id, { items: [{ productId: widget.id, qty: 1 }], paymentMethod: 'balance' }, signal());
        throw failure;
      }),
    ).rejects.toBe(failure);
    await settle();
    expect(m.mailTo(user.email)).toEqual([]);
  });
});

describe('the send_email job for orders', () => {
  it('sends an order confirmation once, however often its job runs', async () => {
    const user = await fundedUser(10_000);
    const widget = await makeProduct(m.t, 700);
    const res = await postOrder(m.t, user, { items: [{ product_id: widget.id, qty: 1 }], payment_method: 'balance' });
    await m.waitForMail(user.email);
    await expect.poll(() => recorded(`<order-confirmation-${res.body.id}@shop.example>`)).toBe(true);
    const payload = { kind: 'order_confirmation', order_id: res.body.id } as const;
    expect(await m.t.services.notifications.deliver(payload, signal())).toBe('already_sent');
    expect(await m.t.services.notifications.deliver(payload, signal())).toBe('already_sent');
    expect(m.mailTo(user.email)).toHaveLength(1);
  });

  it('sends the payment-failed e-mail of an order with its total and what to do', async () => {
    const user = await fundedUser(10_000);
    const widget = await makeProduct(m.t, 1999);
    const res = await postOrder(m.t, user, { items: [{ product_id: widget.id, qty: 1 }], payment_method: 'balance' });
    await m.waitForMail(user.email);
    expect(await m.t.services.notifications.deliver({ kind: 'payment_failed', order_id: res.body.id }, signal())).toBe('sent');
    const mails = m.mailTo(user.email);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.headers.get('subject')).toBe(`Payment failed for your order #${res.body.id}`);
    expect(mails[1]!.headers.get('message-id')).toBe(`<payment-failed-${res.body.id}@shop.example>`);
    expect(mails[1]!.text).toContain('card payment of 19.99 USD');
  });

  it('skips an order that no longer exists', async () => {
    expect(await m.t.services.notifications.deliver({ kind: 'order_confirmation', order_id: 987_654_321 }, signal())).toBe('skipped');
  });

  it('records nothing when the mail server refuses the message, so the retry sends it (once)', async () => {
    const user = await fundedUser(10_000);
    const widget = await makeProduct(m.t, 100);
    const res = await postOrder(m.t, user, { items: [{ product_id: widget.id, qty: 1 }], payment_method: 'balance' });
    await m.waitForMail(user.email);
    const messageId = `<order-confirmation-${res.body.id}@shop.example>`;
    await expect.poll(() => recorded(messageId)).toBe(true);
    await m.t.database.admin.query('DELETE FROM sent_emails WHERE message_id = $1', [messageId]);
    const payload = { kind: 'order_confirmation', order_id: res.body.id } as const;
    m.smtp.failNext(1);
    await expect(m.t.services.notifications.deliver(payload, signal())).rejects.toMatchObject({ name: 'MailDeliveryError', permanent: false });
    expect(await recorded(messageId)).toBe(false);
    expect(await m.t.services.notifications.deliver(payload, signal())).toBe('sent');
    expect(await m.t.services.notifications.deliver(payload, signal())).toBe('already_sent');
    expect(m.mailTo(user.email)).toHaveLength(2); // the first (before the row was deleted) and the retry
  });
});

describe('NotificationService.purgeOld', () => {
  it('forgets messages sent more than 60 days ago and keeps the recent ones', async () => {
    await m.t.database.admin.query(
      `INSERT INTO sent_emails (message_id, recipient, sent_at) VALUES ('<old-1@shop.example>', 'a@example.com', now() - interval '61 days'),
                                                                         ('<new-1@shop.example>', 'a@example.com', now() - interval '59 days')`,
    );
    expect(await m.t.services.notifications.purgeOld(signal())).toBeGreaterThanOrEqual(1);
    expect(await recorded('<old-1@shop.example>')).toBe(false);
    expect(await recorded('<new-1@shop.example>')).toBe(true);
  });
});
