// PLACEHOLDER: replaced by the invoices feature.
import type { FastifyPluginAsync } from 'fastify';
import type { AuthHooks } from '../../platform/http/auth.ts';
import type { Idempotency } from '../../platform/http/idempotency.ts';
import type { InvoiceService } from './invoice.service.ts';
export const invoiceRoutes =
  (_deps: { auth: AuthHooks; idempotency: Idempotency; invoices: InvoiceService }): FastifyPluginAsync =>
  async () => undefined;
