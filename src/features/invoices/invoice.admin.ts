// Admin registration for invoices: read-only; the customer and owner come in the page's JOINs.
import type { ModelAdmin } from '../../admin/registry.ts';

export function invoiceAdmin(): ModelAdmin {
  const rowCurrency = { column: 'currency' };
  return {
    name: 'invoices',
    label: 'Invoice',
    labelPlural: 'Invoices',
    table: 'invoices',
    titleColumn: 'id',
    columns: [
      { name: 'id', label: 'Invoice', kind: 'int', sortable: true },
      { name: 'customer', label: 'Customer', kind: 'text', join: { fk: 'customer_id', table: 'customers', column: 'name', model: 'customers' } },
      { name: 'owner', label: 'Owner', kind: 'text', join: { fk: 'owner_id', table: 'users', column: 'email', model: 'users' } },
      { name: 'amount_cents', label: 'Amount', kind: 'money', currency: rowCurrency },
      { name: 'status', label: 'Status', kind: 'text' },
      { name: 'created_at', label: 'Created', kind: 'datetime', sortable: true },
    ],
    searchFields: ['memo'],
    filters: [
      { kind: 'choices', field: 'status', label: 'Status', choices: [['open', 'Open'], ['paid', 'Paid'], ['void', 'Void']] },
      { kind: 'choices', field: 'currency', label: 'Currency', choices: [['USD', 'USD'], ['EUR', 'EUR'], ['GBP', 'GBP']] },
    ],
    dateHierarchy: 'created_at',
    ordering: '-id',
    readOnlyFields: [
      { name: 'customer', label: 'Customer', kind: 'text', join: { fk: 'customer_id', table: 'customers', column: 'name' } },
      { name: 'owner', label: 'Owner', kind: 'text', join: { fk: 'owner_id', table: 'users', column: 'email' } },
      { name: 'amount_cents', label: 'Amount', kind: 'money', currency: rowCurrency },
      { name: 'memo', label: 'Memo', kind: 'text' },
      { name: 'status', label: 'Status', kind: 'text' },
      { name: 'created_at', label: 'Created', kind: 'datetime' },
      { name: 'paid_at', label: 'Paid', kind: 'datetime' },
      { name: 'voided_at', label: 'Voided', kind: 'datetime' },
    ],
  };
}
