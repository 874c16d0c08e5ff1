// Admin registration for the balance ledger: read-only (balances change only by adjustments,
// order debits and refunds, through BalanceService).
import type { ModelAdmin } from '../../admin/registry.ts';

export function ledgerAdmin(deps: { currency: string }): ModelAdmin {
  const money = { fixed: deps.currency };
  return {
    name: 'balance-ledger',
    label: 'Ledger entry',
    labelPlural: 'Balance ledger',
    table: 'balance_ledger',
    titleColumn: 'reference',
    columns: [
      { name: 'id', label: 'ID', kind: 'int', sortable: true },
      { name: 'user', label: 'User', kind: 'text', join: { fk: 'user_id', table: 'users', column: 'email', model: 'users' } },
      { name: 'amount_cents', label: 'Amount', kind: 'money', currency: money },
      { name: 'kind', label: 'Kind', kind: 'text' },
      { name: 'reference', label: 'Reference', kind: 'text' },
      { name: 'created_by_email', label: 'By', kind: 'text', join: { fk: 'created_by', table: 'users', column: 'email', model: 'users' } },
      { name: 'created_at', label: 'When', kind: 'datetime', sortable: true },
    ],
    searchFields: ['reference'],
    filters: [
      { kind: 'choices', field: 'kind', label: 'Kind', choices: [['adjustment', 'Adjustment'], ['order_debit', 'Order debit'], ['refund', 'Refund']] },
      { kind: 'relation', field: 'user_id', label: 'User', table: 'users', labelColumn: 'email' },
    ],
    dateHierarchy: 'created_at',
    ordering: '-id',
    readOnlyFields: [
      { name: 'user', label: 'User', kind: 'text', join: { fk: 'user_id', table: 'users', column: 'email' } },
      { name: 'amount_cents', label: 'Amount', kind: 'money', currency: money },
      { name: 'kind', label: 'Kind', kind: 'text' },
      { name: 'reference', label: 'Reference', kind: 'text' },
      { name: 'created_at', label: 'When', kind: 'datetime' },
    ],
  };
}
