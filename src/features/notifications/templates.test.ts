import { describe, expect, it } from 'vitest';
import type { Order } from '../orders/order.ts';
import { escapeHtml, html } from './html.ts';
import { formatMoney } from './money.ts';
import { orderConfirmationEmail } from './order-confirmation.email.ts';
import { passwordResetEmail } from './password-reset.email.ts';
import { paymentFailedEmail } from './payment-failed.email.ts';

const order = (overrides: Partial<Order> = {}): Order => ({
  id: 42,
  userId: 7,
  userEmail: 'buyer@example.com',
  status: 'paid',
  paymentMethod: 'balance',
  totalCents: 4005,
  currency: 'USD',
  items: [
    { productId: 1, productName: '<script>alert("x")</script>', unitPriceCents: 1999, qty: 2, lineTotalCents: 3998 },
    { productId: 2, productName: 'Tom & Jerry\'s "mug"', unitPriceCents: 7, qty: 1, lineTotalCents: 7 },
  ],
  createdAt: new Date('2026-11-21T10:00:00Z'),
  paidAt: new Date('2026-11-21T10:00:00Z'),
  cancelledAt: null,
  ...overrides,
});

describe('formatMoney', () => {
  it.each([
    [1999, 'USD', '19.99 USD'],
    [5, 'EUR', '0.05 EUR'],
    [0, 'GBP', '0.00 GBP'],
    [1500, 'USD', '15.00 USD'],
    [-250, 'GBP', '-2.50 GBP'],
    [-5, 'USD', '-0.05 USD'],
    [Number.MAX_SAFE_INTEGER, 'USD', '90071992547409.91 USD'],
  ] as const)('formats %i minor units of %s as "%s"', (cents, currency, expected) => {
    expect(formatMoney(cents, currency)).toBe(expected);
  });

  it('refuses amounts that are not integer minor units', () => {
    expect(() => formatMoney(19.99, 'USD')).toThrow(RangeError);
    expect(() => formatMoney(Number.MAX_SAFE_INTEGER + 1, 'USD')).toThrow(RangeError);
  });
});

describe('html', () => {
  it('escapes every interpolated string and number, and keeps fragments it built itself', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p title="${'"quoted" & \'single\''}">${inner}${[html`<br>`, html`${'<x>'}`]}${3}</p>`.value).toBe(
      '<p title="&quot;quoted&quot; &amp; &#39;single&#39;"><b>&lt;i&gt;</b><br>&lt;x&gt;3</p>',
    );
    expect(escapeHtml('a < b && c > "d"')).toBe('a &lt; b &amp;&amp; c &gt; &quot;d&quot;');
  });
});

describe('orderConfirmationEmail', () => {
  const email = orderConfirmationEmail(order());

  it('names the order in the subject', () => {
    expect(email.subject).toBe('Your order #42 is confirmed');
  });

  it('lists each line with product, qty, unit price and line total in major units, then the total and status', () => {
    expect(email.text).toContain('- <script>alert("x")</script>: 2 × 19.99 USD = 39.98 USD');
    expect(email.text).toContain('- Tom & Jerry\'s "mug": 1 × 0.07 USD = 0.07 USD');
    expect(email.text).toContain('Total: 40.05 USD');
    expect(email.text).toContain('Status: paid.');
    for (const amount of ['19.99 USD', '39.98 USD', '0.07 USD', '40.05 USD']) expect(email.html).toContain(amount);
    expect(email.html).toContain('<strong>paid</strong>');
  });

  it('escapes product names in the HTML part', () => {
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(email.html).toContain('Tom &amp; Jerry&#39;s &quot;mug&quot;');
  });

  it('says what happens next for a pending card order', () => {
    const pending = orderConfirmationEmail(order({ status: 'pending', paymentMethod: 'card', paidAt: null, currency: 'EUR', totalCents: 5 }));
    expect(pending.text).toContain('Total: 0.05 EUR');
    expect(pending.text).toContain('if the payment fails, we will e-mail you');
  });
});

describe('paymentFailedEmail', () => {
  it('names the order and its total, and says what to do', () => {
    const email = paymentFailedEmail(order({ status: 'payment_failed', paymentMethod: 'card', paidAt: null, totalCents: 1500, currency: 'GBP' }));
    expect(email.subject).toBe('Payment failed for your order #42');
    expect(email.text).toContain('card payment of 15.00 GBP for your order #42');
    expect(email.text).toContain('Nothing has been charged');
    expect(email.text).toContain('place the order again');
    expect(email.html).toContain('<strong>15.00 GBP</strong>');
  });
});

describe('passwordResetEmail', () => {
  const link = 'https://shop.example/reset-password?token=abc_DEF-123';
  const email = passwordResetEmail({ name: 'Ann <admin>', link, expiresAt: new Date('2026-11-21T11:00:59Z') });

  it('carries the link and when it expires, in both parts', () => {
    expect(email.subject).toBe('Reset your Ledgerline password');
    expect(email.text).toContain(`\n${link}\n`);
    expect(email.text).toContain('until 2026-11-21 11:00 UTC');
    expect(email.html).toContain(`<a href="${link}">${link}</a>`);
    expect(email.html).toContain('until 2026-11-21 11:00 UTC');
  });

  it('escapes the name in the HTML part', () => {
    expect(email.text).toContain('Hello Ann <admin>,');
    expect(email.html).toContain('Hello Ann &lt;admin&gt;,');
  });

  it('escapes a link that contains HTML-special characters', () => {
    const odd = passwordResetEmail({ name: 'A', link: 'https://x.example/r?a=1&token="><script>', expiresAt: new Date() });
    expect(odd.html).toContain('href="https://x.example/r?a=1&amp;token=&quot;&gt;&lt;script&gt;"');
  });
});
