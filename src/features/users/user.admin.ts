// Admin registration for users: read-only accounts with a balance adjustment action, which goes
// through BalanceService (the only writer of balances) on the admin's transaction.
import type { ModelAdmin } from '../../admin/registry.ts';
import { formatMoney } from '../../admin/money.ts';
import type { BalanceService } from '../balance/balance.service.ts';

export function userAdmin(deps: { balance: BalanceService; currency: string }): ModelAdmin {
  const { balance, currency } = deps;
  return {
    name: 'users',
    label: 'User',
    labelPlural: 'Users',
    table: 'users',
    titleColumn: 'email',
    columns: [
      { name: 'email', label: 'E-mail', kind: 'text', sortable: true },
      { name: 'name', label: 'Name', kind: 'text', sortable: true },
      { name: 'is_staff', label: 'Staff', kind: 'bool' },
      { name: 'is_active', label: 'Active', kind: 'bool' },
      { name: 'balance_cents', label: 'Balance', kind: 'money', sortable: true, currency: { fixed: currency } },
      { name: 'created_at', label: 'Joined', kind: 'datetime', sortable: true },
    ],
    searchFields: ['email', 'name'],
    filters: [
      { kind: 'bool', field: 'is_staff', label: 'Staff' },
      { kind: 'bool', field: 'is_active', label: 'Active' },
    ],
    dateHierarchy: 'created_at',
    ordering: '-created_at',
    readOnlyFields: [
      { name: 'id', label: 'ID', kind: 'int' },
      { name: 'email', label: 'E-mail', kind: 'text' },
      { name: 'name', label: 'Name', kind: 'text' },
      { name: 'is_staff', label: 'Staff', kind: 'bool' },
      { name: 'is_active', label: 'Active', kind: 'bool' },
      { name: 'balance_cents', label: 'Balance', kind: 'money', currency: { fixed: currency } },
      { name: 'created_at', label: 'Joined', kind: 'datetime' },
    ],
    objectActions: [
      {
        name: 'adjust-balance',
        label: 'Adjust balance',
        fields: [
          {
            name: 'amount_cents',
            label: 'Amount',
            widget: 'money',
            required: true,
            currency,
            allowNegative: true,
            help: `In ${currency}; negative to debit, e.g. -5.00.`,
          },
          { name: 'reason', label: 'Reason', widget: 'text', required: true, maxLength: 280 },
        ],
        async run(userId, v, w) {
          const amountCents = Number(v['amount_cents']);
          const reason = String(v['reason'] ?? '');
          await balance.withDb(w.db).adjust({ userId, amountCents, reason, staffUserId: w.actor.id }, w.signal);
          return {
            summary: `Adjusted the balance by ${formatMoney(amountCents, currency)}: ${reason.trim()}`,
            redirect: `/admin/balance-ledger/?user_id=${userId}`,
          };
        },
      },
    ],
  };
}
