// The e-mail sent when an order is placed.
import type { Order } from '../orders/order.ts';
import { layout, type RenderedEmail } from './email.ts';
import { html } from './html.ts';
import { formatMoney } from './money.ts';

const STATUS_NOTE: Record<Order['status'], string> = {
  paid: 'It has been paid from your balance.',
  pending: 'We are charging your card now; if the payment fails, we will e-mail you.',
  payment_failed: 'The card payment failed; the order has not been charged.',
  cancelled: 'It has been cancelled.',
};

export function orderConfirmationEmail(order: Order): RenderedEmail {
  const money = (cents: number) => formatMoney(cents, order.currency);
  const subject = `Your order #${order.id} is confirmed`;
  const lines = order.items.map(
    (i) => `- ${i.productName}: ${i.qty} × ${money(i.unitPriceCents)} = ${money(i.lineTotalCents)}`,
  );
  const text = [
    `Thank you for your order #${order.id}.`,
    '',
    ...lines,
    '',
    `Total: ${money(order.totalCents)}`,
    `Status: ${order.status}. ${STATUS_NOTE[order.status]}`,
    '',
  ].join('\n');
  const rows = order.items.map(
    (i) => html`<tr>
<td style="padding: 4px 8px;">${i.productName}</td>
<td style="padding: 4px 8px; text-align: right;">${i.qty}</td>
<td style="padding: 4px 8px; text-align: right;">${money(i.unitPriceCents)}</td>
<td style="padding: 4px 8px; text-align: right;">${money(i.lineTotalCents)}</td>
</tr>
`,
  );
  const body = html`<h1 style="font-size: 20px;">Thank you for your order #${order.id}</h1>
<table style="border-collapse: collapse;">
<thead><tr><th style="text-align: left; padding: 4px 8px;">Product</th><th style="padding: 4px 8px;">Qty</th><th style="padding: 4px 8px;">Unit price</th><th style="padding: 4px 8px;">Line total</th></tr></thead>
<tbody>
${rows}</tbody>
<tfoot><tr><th colspan="3" style="text-align: right; padding: 4px 8px;">Total</th><th style="text-align: right; padding: 4px 8px;">${money(order.totalCents)}</th></tr></tfoot>
</table>
<p>Status: <strong>${order.status}</strong>. ${STATUS_NOTE[order.status]}</p>
`;
  return { subject, text, html: layout(subject, body) };
}
