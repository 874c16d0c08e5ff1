// Server-side cancellation: PostgreSQL's CancelRequest, sent on a separate short-lived socket,
// so it works even when every pooled connection is busy.
import pg from 'pg';

const CANCEL_RETRY_MS = 200;

/**
 * A cancel request can still be in flight when its statement has ended; on a pooled connection it
 * would then cancel the next borrower's statement. A connection we sent one for is never reused.
 */
const CANCEL_SENT = Symbol('ledgerline.cancelSent');
type Marked = pg.PoolClient & { [CANCEL_SENT]?: true };
export const cancelWasSent = (client: pg.PoolClient): boolean => (client as Marked)[CANCEL_SENT] === true;

/**
 * Which connections run a statement for which AbortSignal, so that an aborted signal cancels them
 * on the server. A signal gets one 'abort' listener for its whole life, added with its first
 * statement, rather than one added and removed around every statement: EventTarget listeners are
 * a measurable share of a fast request's CPU.
 */
export class StatementCancels {
  private readonly inFlight = new WeakMap<AbortSignal, Set<pg.PoolClient>>();
  private readonly retrying = new Map<pg.PoolClient, NodeJS.Timeout>();

  /** From now until `settled`, aborting `signal` cancels the statement `client` runs. */
  started(signal: AbortSignal, client: pg.PoolClient): void {
    let clients = this.inFlight.get(signal);
    if (clients === undefined) {
      const running = new Set<pg.PoolClient>();
      clients = running;
      this.inFlight.set(signal, running);
      signal.addEventListener('abort', () => {
        for (const c of running) this.cancel(c);
      }, { once: true });
    }
    clients.add(client);
  }

  settled(signal: AbortSignal, client: pg.PoolClient): void {
    this.inFlight.get(signal)?.delete(client);
    const retry = this.retrying.get(client);
    if (retry !== undefined) {
      clearInterval(retry);
      this.retrying.delete(client);
    }
  }

  // A CancelRequest only stops a statement the server is already running: one that arrives while
  // the query is still in flight to the server is lost, and the statement then runs to the end.
  // So the request is repeated until the statement settles.
  private cancel(client: pg.PoolClient): void {
    (client as Marked)[CANCEL_SENT] = true;
    cancelBackend(client);
    this.retrying.set(client, setInterval(() => cancelBackend(client), CANCEL_RETRY_MS));
  }
}

interface BackendIdentity {
  processID: number | null;
  secretKey: number | null;
  connectionParameters?: { host?: string; port?: number };
}

/** Asks the server to cancel whatever statement `client` is running now. Never throws. */
export function cancelBackend(client: pg.PoolClient): void {
  const id = client as unknown as BackendIdentity;
  const { processID, secretKey } = id;
  const params = id.connectionParameters;
  if (processID === null || secretKey === null || params?.port === undefined) return;
  const ConnectionCtor = (pg as unknown as { Connection: new () => PgWireConnection }).Connection;
  const con = new ConnectionCtor();
  const host = params.host ?? 'localhost';
  con.on('error', () => con.end());
  con.on('connect', () => {
    con.cancel(processID, secretKey);
    con.end();
  });
  if (host.startsWith('/')) con.connect(`${host}/.s.PGSQL.${params.port}`);
  else con.connect(params.port, host);
}

interface PgWireConnection {
  on(event: string, listener: () => void): void;
  connect(portOrPath: number | string, host?: string): void;
  cancel(processID: number, secretKey: number): void;
  end(): void;
}
