// Server-side cancellation: PostgreSQL's CancelRequest, sent on a separate short-lived socket,
// so it works even when every pooled connection is busy.
import pg from 'pg';

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
