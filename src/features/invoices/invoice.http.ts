// Invoice routes: schema → one service call → response mapping. Owner-scoped throughout;
// POST /invoices honours Idempotency-Key through the platform helper.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { CURRENCIES } from '../../config.ts';
import { principalOf, type AuthHooks } from '../../platform/http/auth.ts';
import type { Idempotency } from '../../platform/http/idempotency.ts';
import { Id, IdParams, ListOf, Nullable, PageQuery, ProblemSchema, Timestamp, iso, isoOrNull, listBody } from '../../platform/http/schemas.ts';
import { AMOUNT_CENTS_MAX, AMOUNT_CENTS_MIN, INVOICE_STATUSES, MEMO_MAX_CHARS, type Invoice } from './invoice.ts';
import type { InvoiceService } from './invoice.service.ts';

/** `{id, customer_id, customer: {id, name}, amount_cents, currency, memo, status, created_at, paid_at}`. */
export const InvoiceBody = Type.Object({
  id: Id,
  customer_id: Id,
  customer: Type.Object({ id: Id, name: Type.String() }),
  amount_cents: Type.Integer(),
  currency: Type.Enum(CURRENCIES),
  memo: Type.String(),
  status: Type.Enum(INVOICE_STATUSES),
  created_at: Timestamp,
  paid_at: Nullable(Timestamp),
});

// JSON bodies are validated without coercion, so `"amount_cents": "100"` is a 422 field error.
// Ajv counts maxLength in code points, as the contract counts memo characters.
const CreateInvoiceBody = Type.Object(
  {
    customer_id: Id,
    amount_cents: Type.Integer({ minimum: AMOUNT_CENTS_MIN, maximum: AMOUNT_CENTS_MAX }),
    currency: Type.Enum(CURRENCIES),
    memo: Type.Optional(Type.String({ maxLength: MEMO_MAX_CHARS, default: '' })),
  },
  { additionalProperties: false },
);
const ListInvoicesQuery = Type.Object({
  ...PageQuery,
  status: Type.Optional(Type.Enum(INVOICE_STATUSES)),
  customer_id: Type.Optional(Id),
});
const Errors = { '4xx': ProblemSchema, '5xx': ProblemSchema };

export const toInvoiceBody = (i: Invoice) => ({
  id: i.id,
  customer_id: i.customerId,
  customer: { id: i.customer.id, name: i.customer.name },
  amount_cents: i.amountCents,
  currency: i.currency,
  memo: i.memo,
  status: i.status,
  created_at: iso(i.createdAt),
  paid_at: isoOrNull(i.paidAt),
});

export const invoiceRoutes =
  (deps: { auth: AuthHooks; idempotency: Idempotency; invoices: InvoiceService }): FastifyPluginAsync =>
  async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const { auth, idempotency, invoices } = deps;
    // onRequest: credentials are checked before a body is read or validated (401 before 4xx).
    const common = { onRequest: auth.user } as const;

    app.get(
      '/api/v1/invoices',
      { ...common, schema: { tags: ['invoices'], summary: 'List invoices', querystring: ListInvoicesQuery, response: { 200: ListOf(InvoiceBody), ...Errors } } },
      async (request) => {
        const { limit, cursor, status, customer_id } = request.query;
        const page = await invoices.list(
          principalOf(request).userId,
          { status, customerId: customer_id },
          { limit, cursor },
          request.abortSignal,
        );
        return listBody(page, toInvoiceBody);
      },
    );

    app.post(
      '/api/v1/invoices',
      { ...common, schema: { tags: ['invoices'], summary: 'Issue an invoice (honours Idempotency-Key)', body: CreateInvoiceBody, response: { 201: InvoiceBody, ...Errors } } },
      async (request, reply) => {
        const ownerId = principalOf(request).userId;
        const { customer_id, amount_cents, currency, memo } = request.body;
        const input = { customerId: customer_id, amountCents: amount_cents, currency, memo };
        // With an Idempotency-Key the work runs on the helper's transaction (its `db`), so the
        // invoice and the stored outcome commit together.
        return idempotency.handle(request, reply, async (db) => ({
          status: 201,
          body: toInvoiceBody(await invoices.withDb(db).create(ownerId, input, request.abortSignal)),
        }));
      },
    );

    app.get(
      '/api/v1/invoices/:id',
      { ...common, schema: { tags: ['invoices'], summary: 'Get an invoice', params: IdParams, response: { 200: InvoiceBody, ...Errors } } },
      async (request) => toInvoiceBody(await invoices.get(principalOf(request).userId, request.params.id, request.abortSignal)),
    );

    app.post(
      '/api/v1/invoices/:id/mark-paid',
      { ...common, schema: { tags: ['invoices'], summary: 'Mark an open invoice paid', params: IdParams, response: { 200: InvoiceBody, ...Errors } } },
      async (request) => toInvoiceBody(await invoices.markPaid(principalOf(request).userId, request.params.id, request.abortSignal)),
    );

    app.post(
      '/api/v1/invoices/:id/void',
      { ...common, schema: { tags: ['invoices'], summary: 'Void an open invoice', params: IdParams, response: { 200: InvoiceBody, ...Errors } } },
      async (request) => toInvoiceBody(await invoices.void(principalOf(request).userId, request.params.id, request.abortSignal)),
    );
  };
