// The e-mail sent when a card order's payment has finally failed (after every retry).
import type { Order } from '../orders/order.ts';
import { layout, type RenderedEmail } from './email.ts';
import { html } from './html.ts';
import { formatMoney } from './money.ts';

export function paymentFailedEmail(order: Order): RenderedEmail {
  const total = formatMoney(order.totalCents, order.currency);
  const subject = `Payment failed for your order #${order.id}`;
  const advice =
    'Nothing has been charged. To get your items, place the order again, with another card or ' +
    'paid from your balance; if you think this is a mistake, contact us and quote the order number.';
  const text = [
    `We could not take the card payment of ${total} for your order #${order.id}, so the order was not completed.`,
    '',
    advice,
    '',
  ].join('\n');
  const body = html`<h1 style="font-size: 20px;">Payment failed for your order #${order.id}</h1>
<p>We could not take the card payment of <strong>${total}</strong> for your order #${order.id}, so the order was not completed.</p>
<p>${advice}</p>
`;
  return { subject, text, html: layout(subject, body) };
}
