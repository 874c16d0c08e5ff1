// Admin registration for orders: read-only (orders change only through OrderService's rules),
// with their items inline, loaded by one statement per order page.
import type { ModelAdmin } from '../../admin/registry.ts';

export function orderAdmin(deps: { currency: string }): ModelAdmin {
  const rowCurrency = { column: 'currency' };
  return {
    name: 'orders',
    label: 'Order',
    labelPlural: 'Orders',
    table: 'orders',
    titleColumn: 'id',
    columns: [
      { name: 'id', label: 'Order', kind: 'int', sortable: true },
      { name: 'user', label: 'User', kind: 'text', join: { fk: 'user_id', table: 'users', column: 'email', model: 'users' } },
      { name: 'status', label: 'Status', kind: 'text' },
      { name: 'payment_method', label: 'Payment', kind: 'text' },
      { name: 'total_cents', label: 'Total', kind: 'money', currency: rowCurrency },
      { name: 'created_at', label: 'Placed', kind: 'datetime', sortable: true },
    ],
    filters: [
      {
        kind: 'choices',
        field: 'status',
        label: 'Status',
        choices: [['pending', 'Pending'], ['paid', 'Paid'], ['payment_failed', 'Payment failed'], ['cancelled', 'Cancelled']],
      },
      { kind: 'choices', field: 'payment_method', label: 'Payment method', choices: [['balance', 'Balance'], ['card', 'Card']] },
      { kind: 'relation', field: 'user_id', label: 'User', table: 'users', labelColumn: 'email' },
    ],
    dateHierarchy: 'created_at',
    ordering: '-id',
    readOnlyFields: [
      { name: 'user', label: 'User', kind: 'text', join: { fk: 'user_id', table: 'users', column: 'email' } },
      { name: 'status', label: 'Status', kind: 'text' },
      { name: 'payment_method', label: 'Payment method', kind: 'text' },
      { name: 'total_cents', label: 'Total', kind: 'money', currency: rowCurrency },
      { name: 'created_at', label: 'Placed', kind: 'datetime' },
      { name: 'paid_at', label: 'Paid', kind: 'datetime' },
      { name: 'cancelled_at', label: 'Cancelled', kind: 'datetime' },
    ],
    inlines: [
      {
        label: 'Items',
        table: 'order_items',
        fk: 'order_id',
        columns: [
          { name: 'product_name', label: 'Product', kind: 'text' },
          { name: 'qty', label: 'Quantity', kind: 'int' },
          // Items are priced in their order's currency, which is the store's base currency.
          { name: 'unit_price_cents', label: 'Unit price', kind: 'money', currency: { fixed: deps.currency } },
          { name: 'line_total_cents', label: 'Line total', kind: 'money', currency: { fixed: deps.currency } },
        ],
      },
    ],
  };
}
