// Dashboard route: one service call, mapped to the contract's shape.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { CURRENCIES } from '../../config.ts';
import { principalOf, type AuthHooks } from '../../platform/http/auth.ts';
import { ProblemSchema } from '../../platform/http/schemas.ts';
import { InvoiceBody, toInvoiceBody } from '../invoices/invoice.http.ts';
import type { CurrencyAmount } from '../invoices/invoice.ts';
import { UsageSummaryBody, toUsageSummaryBody } from '../usage/usage.http.ts';
import type { Dashboard } from './dashboard.ts';
import type { DashboardService } from './dashboard.service.ts';

const CurrencyAmounts = Type.Array(Type.Object({ currency: Type.Enum(CURRENCIES), amount_cents: Type.Integer({ minimum: 1 }) }), {
  description: 'One entry per currency that has any; sorted by currency code.',
});

const DashboardBody = Type.Object({
  invoices: Type.Array(InvoiceBody, { description: 'The 5 most recent invoices, newest first.' }),
  billing: Type.Object({
    balance_cents: Type.Integer({ minimum: 0 }),
    currency: Type.Enum(CURRENCIES),
    outstanding: CurrencyAmounts,
    paid_this_month: CurrencyAmounts,
    orders_this_month: Type.Integer({ minimum: 0 }),
  }),
  usage: UsageSummaryBody,
});
const Errors = { '4xx': ProblemSchema, '5xx': ProblemSchema };

const toAmounts = (amounts: CurrencyAmount[]) => amounts.map((a) => ({ currency: a.currency, amount_cents: a.amountCents }));

const toDashboardBody = (d: Dashboard) => ({
  invoices: d.invoices.map(toInvoiceBody),
  billing: {
    balance_cents: d.billing.balanceCents,
    currency: d.billing.currency,
    outstanding: toAmounts(d.billing.outstanding),
    paid_this_month: toAmounts(d.billing.paidThisMonth),
    orders_this_month: d.billing.ordersThisMonth,
  },
  usage: toUsageSummaryBody(d.usage),
});

export const dashboardRoutes =
  (deps: { auth: AuthHooks; dashboard: DashboardService }): FastifyPluginAsync =>
  async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const { auth, dashboard } = deps;

    app.get(
      '/api/v1/dashboard',
      { onRequest: auth.user, schema: { tags: ['dashboard'], summary: 'Recent invoices, billing figures and usage of this UTC month', response: { 200: DashboardBody, ...Errors } } },
      async (request) => toDashboardBody(await dashboard.get(principalOf(request).userId, request.abortSignal)),
    );
  };
