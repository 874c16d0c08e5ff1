// Customer routes: schema → one service call → response mapping. Owner-scoped throughout.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { principalOf, type AuthHooks } from '../../platform/http/auth.ts';
import { Id, IdParams, ListOf, Nullable, PageQuery, ProblemSchema, Timestamp, iso, listBody } from '../../platform/http/schemas.ts';
import { CUSTOMER_EMAIL_MAX_CHARS, CUSTOMER_NAME_MAX_CHARS, type Customer } from './customer.ts';
import type { CustomerService } from './customer.service.ts';

/** `{id, name, email, created_at}` (SPEC §9). */
export const CustomerBody = Type.Object({
  id: Id,
  name: Type.String(),
  email: Nullable(Type.String()),
  created_at: Timestamp,
});

const Name = Type.String({ minLength: 1, maxLength: CUSTOMER_NAME_MAX_CHARS });
const Email = Type.String({ format: 'email', maxLength: CUSTOMER_EMAIL_MAX_CHARS });

// additionalProperties: false with the validator's removeAdditional drops unknown fields silently.
const CreateCustomerBody = Type.Object({ name: Name, email: Type.Optional(Nullable(Email)) }, { additionalProperties: false });
const PatchCustomerBody = Type.Object(
  { name: Type.Optional(Name), email: Type.Optional(Nullable(Email)) },
  { additionalProperties: false },
);
const ListCustomersQuery = Type.Object(PageQuery);
const Errors = { '4xx': ProblemSchema, '5xx': ProblemSchema };

export const toCustomerBody = (c: Customer) => ({ id: c.id, name: c.name, email: c.email, created_at: iso(c.createdAt) });

export const customerRoutes =
  (deps: { auth: AuthHooks; customers: CustomerService }): FastifyPluginAsync =>
  async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const { auth, customers } = deps;
    // onRequest: credentials are checked before a body is read or validated (401 before 4xx).
    const common = { onRequest: auth.user } as const;

    app.get(
      '/api/v1/customers',
      { ...common, schema: { tags: ['customers'], summary: 'List customers', querystring: ListCustomersQuery, response: { 200: ListOf(CustomerBody), ...Errors } } },
      async (request) => {
        const { limit, cursor } = request.query;
        const page = await customers.list(principalOf(request).userId, { limit, cursor }, request.abortSignal);
        return listBody(page, toCustomerBody);
      },
    );

    app.post(
      '/api/v1/customers',
      { ...common, schema: { tags: ['customers'], summary: 'Create a customer', body: CreateCustomerBody, response: { 201: CustomerBody, ...Errors } } },
      async (request, reply) => {
        const customer = await customers.create(principalOf(request).userId, request.body, request.abortSignal);
        return reply.code(201).send(toCustomerBody(customer));
      },
    );

    app.get(
      '/api/v1/customers/:id',
      { ...common, schema: { tags: ['customers'], summary: 'Get a customer', params: IdParams, response: { 200: CustomerBody, ...Errors } } },
      async (request) => toCustomerBody(await customers.get(principalOf(request).userId, request.params.id, request.abortSignal)),
    );

    app.patch(
      '/api/v1/customers/:id',
      { ...common, schema: { tags: ['customers'], summary: 'Update a customer', params: IdParams, body: PatchCustomerBody, response: { 200: CustomerBody, ...Errors } } },
      async (request) =>
        toCustomerBody(await customers.update(principalOf(request).userId, request.params.id, request.body, request.abortSignal)),
    );

    app.delete(
      '/api/v1/customers/:id',
      { ...common, schema: { tags: ['customers'], summary: 'Delete a customer without invoices', params: IdParams, response: { 204: Type.Null(), ...Errors } } },
      async (request, reply) => {
        await customers.delete(principalOf(request).userId, request.params.id, request.abortSignal);
        return reply.code(204).send(null);
      },
    );
  };
