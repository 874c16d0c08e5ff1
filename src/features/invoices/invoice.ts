// Invoices: domain types, the status state machine, and the rules for new invoices. Pure: no I/O.
import { CURRENCIES, type Currency } from '../../config.ts';
import { ValidationError, type FieldError } from '../../platform/errors.ts';

export const INVOICE_STATUSES = ['open', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** What a client can do to an invoice's status (the `/mark-paid` and `/void` routes). */
export type InvoiceAction = 'mark_paid' | 'void';

/**
 * The state machine: each action moves an invoice from exactly one status to another; paid and
 * void are final. The service hands `from` to a conditional UPDATE, so this table is the only
 * place the rule is written and the database applies it atomically.
 */
export const TRANSITIONS: Readonly<Record<InvoiceAction, { readonly from: InvoiceStatus; readonly to: InvoiceStatus }>> = {
  mark_paid: { from: 'open', to: 'paid' },
  void: { from: 'open', to: 'void' },
};

export function canTransition(status: InvoiceStatus, action: InvoiceAction): boolean {
  return TRANSITIONS[action].from === status;
}

/** Limits mirrored by the CHECK constraints in migrations/0002_customers_and_invoices.sql. */
export const AMOUNT_CENTS_MIN = 1;
export const AMOUNT_CENTS_MAX = 100_000_000;
/** Counted in Unicode characters (code points), as PostgreSQL's char_length does. */
export const MEMO_MAX_CHARS = 280;

export interface Invoice {
  id: number;
  customerId: number;
  customer: { id: number; name: string };
  amountCents: number;
  currency: Currency;
  memo: string;
  status: InvoiceStatus;
  createdAt: Date;
  paidAt: Date | null;
}

export interface NewInvoice {
  customerId: number;
  amountCents: number;
  currency: Currency;
  memo?: string | undefined;
}

export interface InvoiceFilter {
  status?: InvoiceStatus | undefined;
  customerId?: number | undefined;
}

/** Checks a new invoice's own fields (whether the customer is the caller's is the database's to say). */
export function parseNewInvoice(input: NewInvoice): Required<NewInvoice> {
  const errors: FieldError[] = [];
  const memo = input.memo ?? '';
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents < AMOUNT_CENTS_MIN || input.amountCents > AMOUNT_CENTS_MAX) {
    errors.push({ field: 'amount_cents', message: `Must be an integer from ${AMOUNT_CENTS_MIN} to ${AMOUNT_CENTS_MAX}.` });
  }
  if (!CURRENCIES.includes(input.currency)) {
    errors.push({ field: 'currency', message: `Must be one of ${CURRENCIES.join(', ')}.` });
  }
  if ([...memo].length > MEMO_MAX_CHARS) {
    errors.push({ field: 'memo', message: `Ensure this field has no more than ${MEMO_MAX_CHARS} characters.` });
  } else if (memo.includes('\u0000')) {
    // PostgreSQL text cannot hold NUL; stored as-is it would fail the statement (a 500).
    errors.push({ field: 'memo', message: 'Null characters are not allowed.' });
  }
  if (errors.length > 0) throw new ValidationError(errors);
  return { customerId: input.customerId, amountCents: input.amountCents, currency: input.currency, memo };
}

/** The columns every invoice query returns (the generated result types all have this shape). */
export interface InvoiceRow {
  id: number;
  customer_id: number;
  customer_name: string;
  amount_cents: number;
  currency: string;
  memo: string;
  status: string;
  created_at: Date;
  paid_at: Date | null;
}

function oneOf<T extends string>(values: readonly T[], value: string, what: string): T {
  // CHECK constraints make any other value impossible; if one appears, fail loudly.
  if (!(values as readonly string[]).includes(value)) throw new Error(`unexpected invoice ${what} ${JSON.stringify(value)}`);
  return value as T;
}

/** An amount in one currency (a per-currency total). */
export interface CurrencyAmount {
  currency: Currency;
  amountCents: number;
}

/** Per-currency totals for the dashboard: open invoices, and invoices paid in a period. */
export interface InvoiceTotals {
  outstanding: CurrencyAmount[];
  paidInPeriod: CurrencyAmount[];
}

/** A currency column as stored (the CHECK constraint admits only supported ones). */
export const toInvoiceCurrency = (value: string): Currency => oneOf(CURRENCIES, value, 'currency');

export function toInvoice(row: InvoiceRow): Invoice {
  return {
    id: row.id,
    customerId: row.customer_id,
    customer: { id: row.customer_id, name: row.customer_name },
    amountCents: row.amount_cents,
    currency: oneOf(CURRENCIES, row.currency, 'currency'),
    memo: row.memo,
    status: oneOf(INVOICE_STATUSES, row.status, 'status'),
    createdAt: row.created_at,
    paidAt: row.paid_at,
  };
}
