// DashboardService: the caller's recent invoices, billing figures and usage, read concurrently
// through the owning features' services (never their SQL). In main.ts those services are built
// on the read pool (the replica when DATABASE_REPLICA_URL is set).
import type { Currency } from '../../config.ts';
import type { Clock } from '../../platform/clock.ts';
import { utcMonthOf } from '../../platform/period.ts';
import type { BalanceService } from '../balance/balance.service.ts';
import type { InvoiceService } from '../invoices/invoice.service.ts';
import type { OrderService } from '../orders/order.service.ts';
import type { UsageReader } from '../usage/usage.service.ts';
import { RECENT_INVOICES, type Dashboard } from './dashboard.ts';
import { FanOut } from './fan-out.ts';

export interface DashboardDeps {
  invoices: Pick<InvoiceService, 'list' | 'totals'>;
  balance: Pick<BalanceService, 'currentBalance'>;
  orders: Pick<OrderService, 'countPlaced'>;
  usage: UsageReader;
  clock: Clock;
  /** The balance's currency (BASE_CURRENCY). */
  currency: Currency;
}

export class DashboardService {
  constructor(private readonly deps: DashboardDeps) {}

  /**
   * Five statements, all in flight at once: recent invoices, balance, invoice totals, orders
   * placed, usage. "This month" is computed once, so every figure covers the same UTC month. If
   * one fails, the others are cancelled and the whole is DashboardPartFailedError (502); if
   * `signal` fires (the client left), all are cancelled.
   */
  async get(userId: number, signal: AbortSignal): Promise<Dashboard> {
    const { invoices, balance, orders, usage, clock, currency } = this.deps;
    const month = utcMonthOf(clock.now());
    const parts = new FanOut(signal);
    const recent = parts.run('invoices', (s) => invoices.list(userId, {}, { limit: RECENT_INVOICES, cursor: undefined }, s));
    const balanceCents = parts.run('balance', (s) => balance.currentBalance(userId, s));
    const totals = parts.run('invoice totals', (s) => invoices.totals(userId, month, s));
    const ordersThisMonth = parts.run('orders', (s) => orders.countPlaced(userId, month, s));
    const usageSummary = parts.run('usage', (s) => usage.summary(userId, month, s));
    await parts.settle();
    const { outstanding, paidInPeriod } = await totals;
    return {
      invoices: (await recent).items,
      billing: { balanceCents: await balanceCents, currency, outstanding, paidThisMonth: paidInPeriod, ordersThisMonth: await ordersThisMonth },
      usage: await usageSummary,
    };
  }
}
