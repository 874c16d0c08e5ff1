// The balance ledger: domain types, the rules for staff adjustments, and row conversion. Pure: no I/O.
import { ValidationError, type FieldError } from '../../platform/errors.ts';

/** What caused a ledger row (migrations/0005 CHECKs the same list). */
export const LEDGER_KINDS = ['adjustment', 'order_debit', 'refund'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/**
 * Largest staff adjustment either way: 10^11 minor units (a billion in the major unit). Far below
 * the 2^53 bound of the balance column, so a balance reaches that bound only through ~90,000
 * maximal credits (and then the CHECK turns it into BalanceLimitExceededError, not a wrong number).
 */
export const ADJUSTMENT_MAX_ABS_CENTS = 100_000_000_000;
/** Counted in Unicode characters (code points), as PostgreSQL's char_length does. */
export const REASON_MAX_CHARS = 280;
/** How many ledger rows GET /balance shows, newest first. */
export const RECENT_TRANSACTIONS = 20;

/** One row of the ledger: a signed change of one user's balance. */
export interface LedgerEntry {
  id: number;
  amountCents: number;
  kind: LedgerKind;
  /** The adjustment's reason, or what the change belongs to (`order:<id>`). */
  reference: string;
  createdAt: Date;
}

export interface Balance {
  balanceCents: number;
  /** The newest RECENT_TRANSACTIONS ledger rows, newest first. */
  transactions: LedgerEntry[];
}

export interface Adjustment {
  userId: number;
  /** Signed and non-zero: positive credits the balance, negative debits it. */
  amountCents: number;
  reason: string;
  staffUserId: number;
}

/**
 * A staff adjustment's own fields. The reason is trimmed (as DRF's CharField does), so that a
 * blank reason cannot satisfy "required".
 */
export function parseAdjustment(input: Adjustment): Adjustment {
  const errors: FieldError[] = [];
  const reason = input.reason.trim();
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents === 0 || Math.abs(input.amountCents) > ADJUSTMENT_MAX_ABS_CENTS) {
    errors.push({
      field: 'amount_cents',
      message: `Must be a non-zero integer from -${ADJUSTMENT_MAX_ABS_CENTS} to ${ADJUSTMENT_MAX_ABS_CENTS}.`,
    });
  }
  const length = [...reason].length;
  if (length === 0) {
    errors.push({ field: 'reason', message: 'This field may not be blank.' });
  } else if (length > REASON_MAX_CHARS) {
    errors.push({ field: 'reason', message: `Ensure this field has no more than ${REASON_MAX_CHARS} characters.` });
  } else if (reason.includes('\u0000')) {
    // PostgreSQL text cannot hold NUL; stored as-is it would fail the statement.
    errors.push({ field: 'reason', message: 'Null characters are not allowed.' });
  }
  if (errors.length > 0) throw new ValidationError(errors);
  return { ...input, reason };
}

/** The columns every ledger query returns. */
export interface LedgerRow {
  id: number;
  amount_cents: number;
  kind: string;
  reference: string;
  created_at: Date;
}

export function toLedgerEntry(row: LedgerRow): LedgerEntry {
  // The CHECK constraint makes any other kind impossible; if one appears, fail loudly.
  if (!(LEDGER_KINDS as readonly string[]).includes(row.kind)) throw new Error(`unexpected ledger kind ${JSON.stringify(row.kind)}`);
  return { id: row.id, amountCents: row.amount_cents, kind: row.kind as LedgerKind, reference: row.reference, createdAt: row.created_at };
}
