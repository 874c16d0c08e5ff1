// BalanceService: the only writer of users.balance_cents. Every change is one statement that
// moves the balance conditionally and appends its ledger row (queries.sql: ApplyBalanceChange), so
// the balance always equals the sum of the user's ledger rows and never goes below zero.
import type { Db } from '../../platform/db/db.ts';
import { sqlState } from '../../platform/db/errors.ts';
import { parseAdjustment, RECENT_TRANSACTIONS, toLedgerEntry, type Adjustment, type Balance, type LedgerEntry, type LedgerKind } from './balance.ts';
import { BalanceLimitExceededError, BalanceUserNotFoundError, DebitNotJudgedError, InsufficientFundsError } from './balance.errors.ts';
import { applyBalanceChange, debitEach, getBalanceByUserId, getBalanceWithRecentLedger } from './queries.queries.ts';

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

  /**
   * debit() for several changes at once, in one statement on `db` (the caller's transaction).
   * Each change comes back, in the order given, as its ledger entry or as the error debit() would
   * have thrown for it; the changes that fail write nothing, and the others go through all the
   * same. A user's changes are judged one after another, in the order given; after one is refused,
   * the user's later ones are not judged (DebitNotJudgedError: the caller tries them again). A
   * user's references must differ.
   */
  async debitEach(db: Db, changes: readonly BalanceChange[], signal: AbortSignal): Promise<(LedgerEntry | InsufficientFundsError | BalanceUserNotFoundError | DebitNotJudgedError)[]> {
    // A programming error: the ledger rows are matched back to their changes by reference.
    if (new Set(changes.map((c) => `${c.userId} ${c.reference}`)).size !== changes.length) throw new RangeError('debitEach takes distinct references per user');
    const rows = await db.run(
      debitEach,
      {
        userIds: changes.map((c) => c.userId),
        amounts: changes.map((c) => positive(c.amountCents)),
        kinds: changes.map((c) => c.kind),
        references: changes.map((c) => c.reference),
      },
      signal,
    );
    const byPosition = new Map(rows.map((r) => [r.position, r]));
    return changes.map((c, i) => {
      const row = byPosition.get(i + 1);
      if (row === undefined) return new BalanceUserNotFoundError();
      if (row.entry_id !== null) {
        return toLedgerEntry({ id: row.entry_id, amount_cents: row.amount_cents!, kind: row.kind!, reference: row.reference!, created_at: row.created_at! });
      }
      return row.judged ? new InsufficientFundsError(c.amountCents, row.balance_cents) : new DebitNotJudgedError();
    });
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
