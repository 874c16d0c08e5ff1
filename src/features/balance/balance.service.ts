// BalanceService: balance changes. Every change is one statement that moves the balance
// conditionally and appends its ledger row (queries.sql: ApplyBalanceChange), so the balance always
// equals the sum of the user's ledger rows and never goes below zero. The one other writer of
// users.balance_cents, the statement that places balance orders (orders/queries.sql,
// PlaceBalanceOrders), debits by the same rules.
import type { Db } from '../../platform/db/db.ts';
import { sqlState } from '../../platform/db/errors.ts';
import { parseAdjustment, RECENT_TRANSACTIONS, toLedgerEntry, type Adjustment, type Balance, type LedgerEntry, type LedgerKind } from './balance.ts';
import { BalanceLimitExceededError, BalanceUserNotFoundError, InsufficientFundsError } from './balance.errors.ts';
import { applyBalanceChange, getBalanceByUserId, getBalanceWithRecentLedger } from './queries.queries.ts';

const CHECK_VIOLATION = '23514';

/** A debit or credit made on behalf of another feature (orders), inside its transaction. */
export interface BalanceChange {
  userId: number;
  /** Positive; debit subtracts it, credit adds it. */
  amountCents: number;
  kind: LedgerKind;
  /** What the change belongs to, e.g. `order:42`. */
  reference: string;
}

export class BalanceService {
  constructor(private readonly deps: { db: Db }) {}

  /** The same service with its statements on `db` (e.g. the idempotency transaction). */
  withDb(db: Db): BalanceService {
    return new BalanceService({ ...this.deps, db });
  }

  /**
   * A staff adjustment, positive or negative. One statement: a negative one that the balance does
   * not cover changes nothing and is InsufficientFundsError; an unknown user is a 404.
   */
  adjust(input: Adjustment, signal: AbortSignal): Promise<LedgerEntry> {
    const { userId, amountCents, reason, staffUserId } = parseAdjustment(input);
    return this.apply(this.deps.db, { userId, deltaCents: amountCents, kind: 'adjustment', reference: reason, createdBy: staffUserId }, signal);
  }

  /**
   * Takes `amountCents` from the balance on `db`, the caller's transaction, so that the debit
   * commits or rolls back with the caller's work. InsufficientFundsError when it is not covered
   * (the caller's transaction then rolls back whatever it wrote).
   */
  debit(db: Db, change: BalanceChange, signal: AbortSignal): Promise<LedgerEntry> {
    return this.apply(db, { ...change, deltaCents: -positive(change.amountCents), createdBy: null }, signal);
  }

  /** Adds `amountCents` to the balance on `db`, the caller's transaction (e.g. a refund). */
  credit(db: Db, change: BalanceChange, signal: AbortSignal): Promise<LedgerEntry> {
    return this.apply(db, { ...change, deltaCents: positive(change.amountCents), createdBy: null }, signal);
  }

  /** The balance alone, in the base currency (one primary-key lookup). */
  async currentBalance(userId: number, signal: AbortSignal): Promise<number> {
    const [row] = await this.deps.db.run(getBalanceByUserId, { userId }, signal);
    if (row === undefined) throw new BalanceUserNotFoundError();
    return row.balance_cents;
  }

  /** The balance and its newest ledger rows, from one statement (one snapshot). */
  async getBalance(userId: number, signal: AbortSignal): Promise<Balance> {
    const rows = await this.deps.db.run(getBalanceWithRecentLedger, { userId, limit: RECENT_TRANSACTIONS }, signal);
    const [first] = rows;
    if (first === undefined) throw new BalanceUserNotFoundError();
    const transactions: LedgerEntry[] = [];
    for (const r of rows) {
      if (r.entry_id === null) continue; // the LEFT JOIN's row for a user without ledger rows
      transactions.push(
        toLedgerEntry({ id: r.entry_id, amount_cents: r.amount_cents!, kind: r.kind!, reference: r.reference!, created_at: r.created_at! }),
      );
    }
    return { balanceCents: first.balance_cents, transactions };
  }

  /**
   * One round trip when the change goes through. Only when it matched nothing does a second
   * statement tell a missing user from an uncovered debit, and read the balance to report.
   */
  private async apply(
    db: Db,
    change: { userId: number; deltaCents: number; kind: LedgerKind; reference: string; createdBy: number | null },
    signal: AbortSignal,
  ): Promise<LedgerEntry> {
    let rows;
    try {
      rows = await db.run(applyBalanceChange, change, signal);
    } catch (err) {
      // Only a credit can break the balance's CHECK now (a debit is guarded by the WHERE): the upper bound.
      if (sqlState(err) === CHECK_VIOLATION && (err as { constraint?: string }).constraint === 'users_balance_cents_check') {
        throw new BalanceLimitExceededError({ cause: err });
      }
      throw err;
    }
    const [row] = rows;
    if (row !== undefined) return toLedgerEntry(row);
    const [user] = await db.run(getBalanceByUserId, { userId: change.userId }, signal);
    if (user === undefined) throw new BalanceUserNotFoundError();
    throw new InsufficientFundsError(-change.deltaCents, user.balance_cents);
  }
}

function positive(amountCents: number): number {
  // A programming error, not input: callers pass totals they computed.
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0) throw new RangeError(`balance change must be a positive integer, got ${amountCents}`);
  return amountCents;
}
