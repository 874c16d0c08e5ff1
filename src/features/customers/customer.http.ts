// PLACEHOLDER: replaced by the customers feature.
import type { FastifyPluginAsync } from 'fastify';
import type { AuthHooks } from '../../platform/http/auth.ts';
import type { CustomerService } from './customer.service.ts';
export const customerRoutes =
  (_deps: { auth: AuthHooks; customers: CustomerService }): FastifyPluginAsync =>
  async () => undefined;
