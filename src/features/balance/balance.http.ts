// Balance routes: the caller's balance with its recent ledger rows, and staff adjustments
// (idempotent through the platform helper). Schema → one service call → response mapping.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { CURRENCIES, type Config } from '../../config.ts';
import { principalOf, type AuthHooks } from '../../platform/http/auth.ts';
import type { Idempotency } from '../../platform/http/idempotency.ts';
import { Id, IdParams, ProblemSchema, Timestamp, iso } from '../../platform/http/schemas.ts';
import { ADJUSTMENT_MAX_ABS_CENTS, LEDGER_KINDS, REASON_MAX_CHARS, type Balance, type LedgerEntry } from './balance.ts';
import type { BalanceService } from './balance.service.ts';

/** A ledger row: `{id, amount_cents, kind, reference, created_at}`. */
export const LedgerEntryBody = Type.Object({
  id: Id,
  amount_cents: Type.Integer({ description: 'Signed: positive credits the balance, negative debits it.' }),
  kind: Type.Enum(LEDGER_KINDS),
  reference: Type.String({ description: 'The adjustment reason, or what the change belongs to (`order:<id>`).' }),
  created_at: Timestamp,
});

const BalanceBody = Type.Object({
  balance_cents: Type.Integer({ minimum: 0 }),
  currency: Type.Enum(CURRENCIES),
  transactions: Type.Array(LedgerEntryBody, { description: 'The 20 most recent ledger rows, newest first.' }),
});

// Non-zero and trimmed-non-blank are the service's to check (422 field errors either way).
// Ajv counts maxLength in code points, as the contract counts characters.
const AdjustmentBody = Type.Object(
  {
    amount_cents: Type.Integer({
      minimum: -ADJUSTMENT_MAX_ABS_CENTS,
      maximum: ADJUSTMENT_MAX_ABS_CENTS,
      description: 'Non-zero; negative takes money away, never below a zero balance.',
    }),
    reason: Type.String({ minLength: 1, maxLength: REASON_MAX_CHARS }),
  },
  { additionalProperties: false },
);
const Errors = { '4xx': ProblemSchema, '5xx': ProblemSchema };

export const toLedgerEntryBody = (e: LedgerEntry) => ({
  id: e.id,
  amount_cents: e.amountCents,
  kind: e.kind,
  reference: e.reference,
  created_at: iso(e.createdAt),
});

const toBalanceBody = (b: Balance, config: Config) => ({
  balance_cents: b.balanceCents,
  currency: config.baseCurrency,
  transactions: b.transactions.map(toLedgerEntryBody),
});

export const balanceRoutes =
  (deps: { config: Config; auth: AuthHooks; idempotency: Idempotency; balance: BalanceService }): FastifyPluginAsync =>
  async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const { config, auth, idempotency, balance } = deps;

    app.get(
      '/api/v1/balance',
      { onRequest: auth.user, schema: { tags: ['balance'], summary: 'The balance and its 20 most recent ledger rows', response: { 200: BalanceBody, ...Errors } } },
      async (request) => toBalanceBody(await balance.getBalance(principalOf(request).userId, request.abortSignal), config),
    );

    app.post(
      '/api/v1/users/:id/balance-adjustments',
      // onRequest: 401/403 before the body is read or validated.
      { onRequest: auth.staff, schema: { tags: ['balance'], summary: 'Adjust a user balance (staff; honours Idempotency-Key)', params: IdParams, body: AdjustmentBody, response: { 201: LedgerEntryBody, ...Errors } } },
      async (request, reply) => {
        const input = {
          userId: request.params.id,
          amountCents: request.body.amount_cents,
          reason: request.body.reason,
          staffUserId: principalOf(request).userId,
        };
        // With an Idempotency-Key the adjustment runs on the helper's transaction, so it and the
        // stored outcome (an insufficient-funds 422 included) commit together.
        return idempotency.handle(request, reply, async (db) => ({
          status: 201,
          body: toLedgerEntryBody(await balance.withDb(db).adjust(input, request.abortSignal)),
        }));
      },
    );
  };
