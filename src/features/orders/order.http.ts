// Order routes: schema → service → response mapping. Owner-scoped for everyone (staff included);
// POST /orders honours Idempotency-Key through the platform helper; GET /orders pages may be sent
// from the process's page cache, after their version is checked (platform/http/validated-cache.ts).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { CURRENCIES } from '../../config.ts';
import { principalOf, type AuthHooks } from '../../platform/http/auth.ts';
import type { Idempotency } from '../../platform/http/idempotency.ts';
import { Id, IdParams, ListOf, PageQuery, ProblemSchema, Timestamp, iso, listBody } from '../../platform/http/schemas.ts';
import { validatedJson, type ValidatedResponseCache } from '../../platform/http/validated-cache.ts';
import { MAX_ITEMS, MAX_QTY, ORDER_STATUSES, PAYMENT_METHODS, type Order } from './order.ts';
import type { OrderService } from './order.service.ts';

const OrderItemBody = Type.Object({
  product_id: Id,
  product_name: Type.String({ description: 'The product name when the order was placed.' }),
  unit_price_cents: Type.Integer({ minimum: 1, description: 'The catalog price when the order was placed.' }),
  qty: Type.Integer({ minimum: 1, maximum: MAX_QTY }),
  line_total_cents: Type.Integer({ minimum: 1 }),
});

const orderFields = {
  id: Id,
  status: Type.Enum(ORDER_STATUSES),
  payment_method: Type.Enum(PAYMENT_METHODS),
  total_cents: Type.Integer({ minimum: 0 }),
  currency: Type.Enum(CURRENCIES),
  items: Type.Array(OrderItemBody),
  created_at: Timestamp,
};
/** POST /orders: `{id, status, payment_method, total_cents, currency, items, created_at}`. */
const OrderBody = Type.Object(orderFields);
/** The list items, and (lists and details share a shape) GET /orders/{id} and cancel: plus `user_email`. */
const OrderWithEmailBody = Type.Object({ ...orderFields, user_email: Type.String() });

// Unknown fields (a client-sent price, say) are dropped, not used: prices come from the catalog.
// Repeated product_ids are merged by the service, which also bounds the merged qty.
const CreateOrderBody = Type.Object(
  {
    items: Type.Array(
      Type.Object({ product_id: Id, qty: Type.Integer({ minimum: 1, maximum: MAX_QTY }) }, { additionalProperties: false }),
      { minItems: 1, maxItems: MAX_ITEMS },
    ),
    payment_method: Type.Enum(PAYMENT_METHODS),
  },
  { additionalProperties: false },
);
const ListOrdersQuery = Type.Object({ ...PageQuery, status: Type.Optional(Type.Enum(ORDER_STATUSES)) });
const Errors = { '4xx': ProblemSchema, '5xx': ProblemSchema };

const toOrderBody = (o: Order) => ({
  id: o.id,
  status: o.status,
  payment_method: o.paymentMethod,
  total_cents: o.totalCents,
  currency: o.currency,
  items: o.items.map((i) => ({
    product_id: i.productId,
    product_name: i.productName,
    unit_price_cents: i.unitPriceCents,
    qty: i.qty,
    line_total_cents: i.lineTotalCents,
  })),
  created_at: iso(o.createdAt),
});
const toOrderWithEmailBody = (o: Order) => ({ ...toOrderBody(o), user_email: o.userEmail });

export const orderRoutes =
  (deps: { auth: AuthHooks; idempotency: Idempotency; orders: OrderService; pageCache?: ValidatedResponseCache }): FastifyPluginAsync =>
  async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const { auth, idempotency, orders, pageCache } = deps;
    // onRequest: credentials are checked before a body is read or validated (401 before 4xx).
    const common = { onRequest: auth.user } as const;

    app.post(
      '/api/v1/orders',
      { ...common, schema: { tags: ['orders'], summary: 'Place an order (honours Idempotency-Key)', body: CreateOrderBody, response: { 201: OrderBody, ...Errors } } },
      async (request, reply) => {
        const userId = principalOf(request).userId;
        const input = {
          items: request.body.items.map((i) => ({ productId: i.product_id, qty: i.qty })),
          paymentMethod: request.body.payment_method,
        };
        // With an Idempotency-Key the order is placed on the helper's transaction (its `db`), so
        // the order, its debit and the stored outcome commit together.
        return idempotency.handle(request, reply, async (db) => ({
          status: 201,
          body: toOrderBody(await orders.withDb(db).create(userId, input, request.abortSignal)),
        }));
      },
    );

    app.get(
      '/api/v1/orders',
      { ...common, schema: { tags: ['orders'], summary: 'List orders', querystring: ListOrdersQuery, response: { 200: ListOf(OrderWithEmailBody), ...Errors } } },
      async (request, reply) => {
        const { limit, cursor, status } = request.query;
        const userId = principalOf(request).userId;
        const signal = request.abortSignal;
        // The user's id and the URL name the page; its version says whether a kept copy is current.
        return validatedJson(pageCache, reply, `${userId} ${request.url}`, {
          version: () => orders.listVersion(userId, signal),
          render: async () => {
            const { page, version } = await orders.listVersioned(userId, { status }, { limit, cursor }, signal);
            return { body: listBody(page, toOrderWithEmailBody), version };
          },
        });
      },
    );

    app.get(
      '/api/v1/orders/:id',
      { ...common, schema: { tags: ['orders'], summary: 'Get an order', params: IdParams, response: { 200: OrderWithEmailBody, ...Errors } } },
      async (request) => toOrderWithEmailBody(await orders.get(principalOf(request).userId, request.params.id, request.abortSignal)),
    );

    app.post(
      '/api/v1/orders/:id/cancel',
      { ...common, schema: { tags: ['orders'], summary: 'Cancel a pending or paid order', params: IdParams, response: { 200: OrderWithEmailBody, ...Errors } } },
      async (request) => toOrderWithEmailBody(await orders.cancel(principalOf(request).userId, request.params.id, request.abortSignal)),
    );
  };
