// Balance orders of concurrent requests, placed together (InFlightBatches): while one set's
// statement is out, the orders that arrive meanwhile gather, and are placed together by the next
// one. A busy process thus writes a set of orders in the one statement one order takes
// (OrderService.placeBalance, PlaceBalanceOrders), and an idle one places each order at once, as
// before. Group commit, done where the statements are made (docs/PERFORMANCE.md, "Balance orders
// placed in sets", and DECISIONS.md, "A set of balance orders is one statement").
//
// What each order sees is what it would have seen alone:
//   * its own outcome: a product gone or a balance short fails that order and no other
//     (placeBalance returns errors as values);
//   * a user's orders in a set are debited one after another, in the order they arrived, each on
//     the balance the earlier ones left; after one is refused, the user's later ones go to the
//     next set, to be judged on the balance as it then is;
//   * a set PostgreSQL rolls back (a deadlock with another process, a constraint an order broke)
//     is placed again order by order, each in a statement of its own, so one order cannot fail
//     the others. Only then: when the connection broke, the commit's outcome is unknown, and
//     placing the orders again could place them twice, so they fail as a lone order would;
//   * a request that leaves before its set is sent is dropped from it; once sent, its order is
//     placed (as a lone order whose client left during its statement's commit is), because
//     cancelling the set's statement would cancel the others' orders.
//
// A set that gathered behind a far bigger one (under a quarter of its size) waits, when its turn
// comes, up to SET_HOLD_MS for more orders: until it holds half as many as the set before it, or
// the time is up. PostgreSQL's commit_delay, for sets: the bigger set's callers are being answered
// at that moment, and callers who place one order after another (a client's connection pool, the
// benchmark's connections) send their next ones within a round trip. Sent at once, the small set
// costs a whole statement for an order or two, and the returning orders wait for it; held, the two
// settle into sets of even size that take turns (docs/PERFORMANCE.md, "A small set waits for the
// callers of the big one"). A set that gathered while none was out goes at once, as before.
import type { Logger } from 'pino';
import { CancelledError, sqlState, StatementTimeoutError } from '../../platform/db/errors.ts';
import type { Db } from '../../platform/db/db.ts';
import { HeldCommitHooks } from '../../platform/db/held-commit-hooks.ts';
import { InFlightBatches } from '../../platform/in-flight-batches.ts';
import { NEVER_ABORTED } from '../../platform/signals.ts';
import { DebitNotJudgedError } from './order.errors.ts';
import type { Order } from './order.ts';

/** An order to place: its user and its lines (merged: each product once). */
export interface WantedOrder {
  userId: number;
  lines: { productId: number; qty: number }[];
}

/** Places a set of balance orders on `db` (OrderService.placeBalance). */
export type PlaceOrders = (db: Db, wanted: readonly WantedOrder[], signal: AbortSignal) => Promise<(Order | Error)[]>;

interface Pending {
  wanted: WantedOrder;
  signal: AbortSignal;
}

/** A set of orders while it gathers. */
interface Gathering {
  readonly pending: Pending[];
  /** The size of the set that was out when this one began to gather (0: none was). */
  readonly behind: number;
}

/** How long a small set behind a big one may wait for more orders, at most. */
const SET_HOLD_MS = 2;

export class BalanceOrderBatches {
  private readonly batches = new InFlightBatches<Gathering, Map<Pending, Order | Error>>(
    () => ({ pending: [], behind: this.outSize }),
    (set, release) => this.send(set.pending, release),
    (set) => this.hold(set),
  );
  /** The size of the set whose statement is out; 0 when none is. */
  private outSize = 0;
  /** The set waiting for more orders (half as many as the set it gathered behind), and what lets it go. */
  private holding: { set: Gathering; go: () => void } | undefined;

  constructor(private readonly deps: { db: Db; place: PlaceOrders; logger?: Logger | undefined; holdMs?: number }) {}

  async place(wanted: WantedOrder, signal: AbortSignal): Promise<Order> {
    for (;;) {
      if (signal.aborted) throw new CancelledError(signal.reason);
      const { batch, result } = this.batches.join();
      const pending: Pending = { wanted, signal };
      batch.pending.push(pending);
      if (this.holding?.set === batch && batch.pending.length * 2 >= batch.behind) this.holding.go();
      let outcomes: Map<Pending, Order | Error>;
      try {
        outcomes = await result;
      } catch (err) {
        if (!rolledBack(err)) throw err;
        // Each caller of the set sees the error; one of them reports it (it may be a bug).
        if (batch.pending[0] === pending) this.deps.logger?.warn({ err, orders: batch.pending.length }, 'a set of balance orders rolled back; placing them one by one');
        return this.placeAlone(wanted, signal);
      }
      const outcome = outcomes.get(pending);
      // Not in the set: the request had left before it was sent.
      if (outcome === undefined) throw new CancelledError(signal.reason);
      // An earlier order of the same user in the set was refused: this one goes in the next set.
      if (outcome instanceof DebitNotJudgedError) continue;
      if (outcome instanceof Error) throw outcome;
      return outcome;
    }
  }

  /** Resolves when `set` may go: at once, unless it is small behind a big one (see above). */
  private hold(set: Gathering): Promise<void> | undefined {
    if (set.pending.length * 4 >= set.behind) return undefined;
    return new Promise((resolve) => {
      const go = () => {
        clearTimeout(timer);
        this.holding = undefined;
        resolve();
      };
      const timer = setTimeout(go, this.deps.holdMs ?? SET_HOLD_MS);
      this.holding = { set, go };
    });
  }

  /** `release` lets the next set go once this one has committed (see below). */
  private async send(batch: Pending[], release: () => void): Promise<Map<Pending, Order | Error>> {
    const live = batch.filter((p) => !p.signal.aborted);
    if (live.length === 0) return new Map();
    this.outSize = live.length;
    // The wake-up of the workers the set's jobs need is a round trip the next set need not wait for.
    const db = new HeldCommitHooks(this.deps.db);
    // Not one request's signal: a client that leaves must not cancel the others' orders.
    const outcomes = await this.deps.place(
      db,
      live.map((p) => p.wanted),
      NEVER_ABORTED,
    ).finally(() => (this.outSize = 0));
    release();
    await db.runHooks();
    return new Map(live.map((p, i) => [p, outcomes[i]!]));
  }

  private async placeAlone(wanted: WantedOrder, signal: AbortSignal): Promise<Order> {
    return placed((await this.deps.place(this.deps.db, [wanted], signal))[0]!);
  }
}

/** An order that could not be placed is thrown as its error. */
export function placed(outcome: Order | Error): Order {
  if (outcome instanceof Error) throw outcome;
  return outcome;
}

/**
 * Whether PostgreSQL certainly rolled the set back: it answered with an error (not one of a
 * broken connection or a server going away, after which a COMMIT may or may not have happened).
 */
function rolledBack(err: unknown): boolean {
  if (err instanceof StatementTimeoutError) return true;
  const state = sqlState(err);
  return state !== undefined && !state.startsWith('08') && !state.startsWith('57P');
}
