// Admin registration for users: name, e-mail, staff status and active flag edited through
// UserService, and a balance adjustment action through BalanceService (the only writer of
// balances), both on the admin's transaction. Deactivating an account revokes its API tokens on
// that transaction too (TokenService evicts them from this process's principal cache at once; the
// users trigger tells the other processes at commit). Its admin sessions end with the flag: every
// request re-reads is_active.
import type { ModelAdmin } from '../../admin/registry.ts';
import { formatMoney } from '../../admin/money.ts';
import type { BalanceService } from '../balance/balance.service.ts';
import type { TokenService } from './token.service.ts';
import type { UserService } from './user.service.ts';
import { EMAIL_MAX_LENGTH, NAME_MAX_LENGTH } from './user.ts';

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

export function userAdmin(deps: { users: UserService; tokens: TokenService; balance: BalanceService; currency: string }): ModelAdmin {
  const { users, tokens, balance, currency } = deps;
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
      { name: 'balance_cents', label: 'Balance', kind: 'money', currency: { fixed: currency } },
      { name: 'created_at', label: 'Joined', kind: 'datetime' },
    ],
    form: {
      fields: [
        { name: 'email', label: 'E-mail', widget: 'email', required: true, maxLength: EMAIL_MAX_LENGTH },
        { name: 'name', label: 'Name', widget: 'text', required: true, maxLength: NAME_MAX_LENGTH },
        { name: 'is_staff', label: 'Staff status', widget: 'bool', help: 'May sign in to this admin and use staff-only API operations.' },
        { name: 'is_active', label: 'Active', widget: 'bool', help: 'Unticking this ends the account’s API tokens at once; it cannot sign in until ticked again.' },
      ],
      async update(userId, v, w) {
        const patch = { email: text(v['email']), name: text(v['name']), isStaff: v['is_staff'] === true, isActive: v['is_active'] === true };
        const { deactivated } = await users.withDb(w.db).updateAccount(userId, patch, w.actor, w.signal);
        if (deactivated) await tokens.revokeAllForUser(w.db, userId, w.signal);
      },
    },
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
