// The dashboard: one read composed of other features' reads. Types only.
import type { Currency } from '../../config.ts';
import type { Invoice, CurrencyAmount } from '../invoices/invoice.ts';
import type { UsageSummary } from '../usage/usage.ts';

/** Money and orders of the current UTC month, next to the balance. */
export interface BillingSummary {
  balanceCents: number;
  /** The balance's currency: the configured base currency. */
  currency: Currency;
  /** Open invoices, summed per currency. */
  outstanding: CurrencyAmount[];
  /** Invoices paid this month (by paid_at), summed per currency. */
  paidThisMonth: CurrencyAmount[];
  /** Orders placed this month, whatever their status now. */
  ordersThisMonth: number;
}

export interface Dashboard {
  /** The 5 most recent invoices, newest first. */
  invoices: Invoice[];
  billing: BillingSummary;
  usage: UsageSummary;
}

/** How many invoices the dashboard lists. */
export const RECENT_INVOICES = 5;
