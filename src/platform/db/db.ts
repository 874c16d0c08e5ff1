// Database access: one Db interface that is either the pool or an open transaction, so a query
// function never knows (or cares) which. Every statement takes the caller's AbortSignal; a fired
// signal cancels the statement on the server, not only the wait on the client.
import type { PreparedQuery } from '@pgtyped/runtime';
import pg from 'pg';
import { cancelWasSent, StatementCancels } from './cancel.ts';
import { bindings, compile } from './compiled-query.ts';
import { CancelledError, DatabaseUnavailableError, sqlState, StatementTimeoutError } from './errors.ts';
import { typeParsers } from './types.ts';
import { rootSignal } from '../signals.ts';

export type Row = Record<string, unknown>;

export interface Db {
  /** Runs one hand-written statement. Prefer `run` with a generated query. */
  query<R extends Row = Row>(text: string, values: readonly unknown[], signal: AbortSignal): Promise<R[]>;
  /** Runs a query generated from a `.sql` file, as a named prepared statement (see RunOptions). */
  run<P, R>(query: PreparedQuery<P, R>, params: P, signal: AbortSignal, options?: RunOptions): Promise<R[]>;
  /**
   * Runs fn inside a transaction: BEGIN/COMMIT on the pool, a SAVEPOINT when already inside one,
   * so a service can own its boundary and still be composed into a caller's transaction.
   */
  transaction<T>(signal: AbortSignal, fn: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * Runs `hook` once the work done so far on this Db has committed: at once on the pool (each
   * statement commits by itself), after COMMIT inside a transaction, and never if the transaction
   * or the savepoint it was registered in rolls back. The hook gets the pool, since the
   * transaction's connection has gone back to it by then; it must not throw, because the work it
   * follows has committed whatever it does. Of the hooks registered with the same `key` in one
   * transaction, the first runs (a thousand jobs enqueued together need one wake-up).
   */
  afterCommit(hook: CommitHook, key?: string): Promise<void>;
}

/** Work that must follow a commit, never precede it (see Db.afterCommit). */
export type CommitHook = (pool: Db) => Promise<void>;

export interface KeyedHook {
  hook: CommitHook;
  key: string | undefined;
}

/** Adds `hook` to `hooks`, unless one with the same `key` is there already (Db.afterCommit). */
export function addCommitHook(hooks: KeyedHook[], hook: CommitHook, key: string | undefined): void {
  if (key === undefined || !hooks.some((h) => h.key === key)) hooks.push({ hook, key });
}

export interface RunOptions {
  /**
   * Plan for the actual parameters on every execution (an unnamed statement) instead of reusing
   * a named prepared statement. After five executions PostgreSQL may switch a prepared statement
   * to a cached generic plan made without the values, which can neither drop the branch of an
   * absent optional filter (`:status IS NULL OR …`) nor pick the index a present one needs: on
   * 200k products such pages took 140–390 ms instead of under 1 ms. Use it for list queries with
   * optional filters; primary-key lookups keep the cheaper prepared path.
   */
  planPerCall?: boolean;
}

/** Shorthand for `{ planPerCall: true }`. */
export const PLAN_PER_CALL: RunOptions = Object.freeze({ planPerCall: true });

/** The only way to open a transaction (services decide their own boundaries). */
export function withTransaction<T>(db: Db, signal: AbortSignal, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(signal, fn);
}

/**
 * Runs fn on `db` itself when it already is a transaction (no SAVEPOINT: fn's statements are part
 * of the caller's work and fail with it), else in a new transaction on the pool. For work that
 * needs a transaction to exist (a transaction-scoped advisory lock) but no boundary of its own.
 */
export function inTransaction<T>(db: Db, signal: AbortSignal, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db instanceof TransactionDb ? fn(db) : db.transaction(signal, fn);
}

/** Called once per statement sent, with the signal of the work it belongs to. */
export type StatementObserver = (signal: AbortSignal, durationMs: number) => void;

export interface DatabaseOptions {
  connectionString: string;
  poolSize: number;
  applicationName: string;
  /** Bounded wait for a free connection; past it the caller gets DatabaseUnavailableError. */
  connectionTimeoutMs?: number;
  /**
   * PostgreSQL's statement_timeout for every connection of this pool, in ms (0 or absent: none).
   * A statement past it fails with StatementTimeoutError.
   */
  statementTimeoutMs?: number;
  onStatement?: StatementObserver;
  onError?: (err: Error) => void;
}

function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return (
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    code === 'ETIMEDOUT' ||
    code === '57P01' || // admin_shutdown
    code === '57P02' || // crash_shutdown
    code === '57P03' || // cannot_connect_now
    code === '53300' || // too_many_connections
    code?.startsWith('08') === true || // connection_exception
    // A client whose connection died while it was checked out but idle (between a transaction's
    // statements) fails its next query with "… is not queryable".
    (err instanceof Error && /Connection terminated|timeout exceeded when trying to connect|is not queryable/.test(err.message))
  );
}

/** A statement to send: named when it is a prepared statement, planned per call when not. */
interface Statement {
  name?: string;
  text: string;
  values?: unknown[];
}

/**
 * Runs `statement` on `client`, in one promise. pg's promise form makes two per statement, and V8
 * pretenures what they hold: they went to the old generation and fed full collections, which cost
 * more than the statement's own JavaScript. A pg.Query made from a QueryConfig copies it through
 * property descriptors (~1.3 µs); made from the text, it does not, and the name is set on it
 * before it is sent (docs/PERFORMANCE.md).
 */
function rowsOf<R extends Row>(client: pg.PoolClient, statement: Statement): Promise<R[]> {
  return new Promise((resolve, reject) => {
    const query = new pg.Query<R>(statement.text, statement.values, (err, result) => (err ? reject(err) : resolve(result.rows)));
    if (statement.name !== undefined) (query as unknown as { name: string }).name = statement.name;
    client.query(query);
  });
}

/** Sends statements on checked-out clients: wired to their signals, reported to the observer. */
class StatementRunner {
  private readonly cancels = new StatementCancels();
  constructor(private readonly observer: StatementObserver | undefined) {}

  async execute<R extends Row>(client: pg.PoolClient, statement: Statement, signal: AbortSignal, cancellable = true): Promise<R[]> {
    if (cancellable) {
      if (signal.aborted) throw new CancelledError(signal.reason);
      this.cancels.started(signal, client);
    }
    const started = performance.now();
    try {
      return await rowsOf<R>(client, statement);
    } catch (err) {
      if (cancellable && signal.aborted) throw new CancelledError(signal.reason, err);
      if (isConnectionError(err)) throw new DatabaseUnavailableError(err);
      // query_canceled without our signal: statement_timeout (our own cancels abort the signal first).
      if (sqlState(err) === '57014') throw new StatementTimeoutError(err);
      // The error was made while reading the socket; this stack leads back to the caller.
      if (err instanceof Error) Error.captureStackTrace(err);
      throw err;
    } finally {
      if (cancellable) this.cancels.settled(signal, client);
      // Reported under the request's own signal, also for parts run on a child signal (signals.ts).
      this.observer?.(rootSignal(signal), performance.now() - started);
    }
  }
}

/** A generated query as a named prepared statement with its values. */
function preparedStatement<P>(query: PreparedQuery<P, unknown>, params: P, options: RunOptions | undefined): Statement {
  const c = compile(query as PreparedQuery<unknown, unknown>);
  const values = bindings(c, params);
  return options?.planPerCall ? { text: c.text, values } : { name: c.name, text: c.text, values };
}

/** A transaction on one connection; nested transactions become savepoints. */
class TransactionDb implements Db {
  private savepoints = 0;
  constructor(
    private readonly client: pg.PoolClient,
    private readonly runner: StatementRunner,
    /** The hooks Database.transaction runs after COMMIT. */
    private readonly commitHooks: KeyedHook[],
  ) {}

  afterCommit(hook: CommitHook, key?: string): Promise<void> {
    addCommitHook(this.commitHooks, hook, key);
    return Promise.resolve();
  }

  query<R extends Row = Row>(text: string, values: readonly unknown[], signal: AbortSignal): Promise<R[]> {
    return this.runner.execute<R>(this.client, { text, values: values as unknown[] }, signal);
  }

  /**
   * COMMIT and ROLLBACK are not cancellable: once the work is decided, a client that goes away
   * must not leave its outcome ambiguous or the connection mid-transaction.
   */
  control(text: string, signal: AbortSignal): Promise<Row[]> {
    return this.runner.execute(this.client, { text }, signal, false);
  }

  run<P, R>(query: PreparedQuery<P, R>, params: P, signal: AbortSignal, options?: RunOptions): Promise<R[]> {
    // Row keys already match R: compile() removed the nullability hints from the column aliases.
    return this.runner.execute(this.client, preparedStatement(query, params, options), signal) as Promise<R[]>;
  }

  async transaction<T>(signal: AbortSignal, fn: (tx: Db) => Promise<T>): Promise<T> {
    const name = `sp_${++this.savepoints}`;
    const hooksBefore = this.commitHooks.length;
    await this.query(`SAVEPOINT ${name}`, [], signal);
    try {
      const result = await fn(this);
      await this.control(`RELEASE SAVEPOINT ${name}`, signal);
      return result;
    } catch (err) {
      // The rollback must run even when the signal has fired, or the outer transaction is poisoned.
      await this.control(`ROLLBACK TO SAVEPOINT ${name}`, signal).catch(() => undefined);
      this.commitHooks.length = hooksBefore;
      throw err;
    }
  }
}

/** The pool: each statement checks out a connection for itself alone. */
export class Database implements Db {
  readonly pool: pg.Pool;
  private readonly runner: StatementRunner;

  constructor(options: DatabaseOptions) {
    this.runner = new StatementRunner(options.onStatement);
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize,
      application_name: options.applicationName,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
      idleTimeoutMillis: 30_000,
      types: typeParsers,
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    });
    // An idle client that loses its connection emits here; without a listener it would crash.
    this.pool.on('error', (err) => options.onError?.(err));
    // pg-pool listens for errors only on idle clients. A checked-out client whose server goes
    // away (a PostgreSQL restart) between statements, or after its statement failed, emits
    // 'error' too, and an unheard 'error' event kills the process. The failure itself reaches the
    // running or the next statement ("not queryable"), which discards the connection.
    this.pool.on('connect', (client) => client.on('error', () => undefined));
  }

  private async connect(signal: AbortSignal): Promise<pg.PoolClient> {
    if (signal.aborted) throw new CancelledError(signal.reason);
    try {
      return await this.pool.connect();
    } catch (err) {
      throw new DatabaseUnavailableError(err);
    }
  }

  /** `discard` destroys the connection instead of returning it (its session state is unknown). */
  private async withClient<T>(signal: AbortSignal, fn: (client: pg.PoolClient, discard: (why: Error) => void) => Promise<T>): Promise<T> {
    const client = await this.connect(signal);
    let broken: Error | undefined;
    try {
      return await fn(client, (why) => (broken = why));
    } catch (err) {
      if (err instanceof DatabaseUnavailableError) broken = err;
      throw err;
    } finally {
      client.release(broken ?? (cancelWasSent(client) ? new Error('a cancel request may still be in flight') : undefined));
    }
  }

  query<R extends Row = Row>(text: string, values: readonly unknown[], signal: AbortSignal): Promise<R[]> {
    return this.withClient(signal, (c) => this.runner.execute<R>(c, { text, values: values as unknown[] }, signal));
  }

  run<P, R>(query: PreparedQuery<P, R>, params: P, signal: AbortSignal, options?: RunOptions): Promise<R[]> {
    // Row keys already match R: compile() removed the nullability hints from the column aliases.
    return this.withClient(signal, (c) => this.runner.execute(c, preparedStatement(query, params, options), signal) as Promise<R[]>);
  }

  afterCommit(hook: CommitHook): Promise<void> {
    return hook(this);
  }

  async transaction<T>(signal: AbortSignal, fn: (tx: Db) => Promise<T>): Promise<T> {
    const hooks: KeyedHook[] = [];
    const result = await this.withClient(signal, async (client, discard) => {
      const tx = new TransactionDb(client, this.runner, hooks);
      await tx.query('BEGIN', [], signal);
      try {
        const result = await fn(tx);
        await tx.control('COMMIT', signal);
        return result;
      } catch (err) {
        // A failed ROLLBACK (e.g. hit by a late CancelRequest) leaves the session inside a
        // transaction: such a connection must never go back to the pool.
        await tx.control('ROLLBACK', signal).catch((rollbackErr: unknown) => discard(rollbackErr as Error));
        throw err;
      }
    });
    // After the connection went back to the pool: a hook that needs one must not wait for a pool
    // that transactions waiting on their own hooks have exhausted.
    for (const { hook } of hooks) await hook(this);
    return result;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
