// The pool, with the hooks registered through afterCommit held until the caller runs them: for a
// caller with something more urgent to do once its statements have committed than what the hooks
// do (BalanceOrderBatches lets the next set of orders go before it wakes the workers for this
// one's jobs). Statements and transactions go to the pool as they are.
import type { PreparedQuery } from '@pgtyped/runtime';
import { addCommitHook, type CommitHook, type Db, type KeyedHook, type Row, type RunOptions } from './db.ts';

export class HeldCommitHooks implements Db {
  private readonly hooks: KeyedHook[] = [];

  constructor(private readonly pool: Db) {}

  query<R extends Row = Row>(text: string, values: readonly unknown[], signal: AbortSignal): Promise<R[]> {
    return this.pool.query<R>(text, values, signal);
  }

  run<P, R>(query: PreparedQuery<P, R>, params: P, signal: AbortSignal, options?: RunOptions): Promise<R[]> {
    return this.pool.run(query, params, signal, options);
  }

  transaction<T>(signal: AbortSignal, fn: (tx: Db) => Promise<T>): Promise<T> {
    return this.pool.transaction(signal, fn);
  }

  /** Held until runHooks(); of the hooks with the same `key`, the first is kept. */
  afterCommit(hook: CommitHook, key?: string): Promise<void> {
    addCommitHook(this.hooks, hook, key);
    return Promise.resolve();
  }

  /** Runs the hooks held so far, one after another, with the pool. */
  async runHooks(): Promise<void> {
    for (const { hook } of this.hooks.splice(0)) await hook(this.pool);
  }
}
