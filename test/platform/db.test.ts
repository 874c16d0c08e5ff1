import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database, withTransaction, type Db } from '../../src/platform/db/db.ts';
import { CancelledError, DatabaseUnavailableError } from '../../src/platform/db/errors.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let tdb: TestDatabase;
let db: Database;
const signal = () => new AbortController().signal;
beforeAll(async () => {
  tdb = await createTestDatabase();
  db = new Database({ connectionString: tdb.url, poolSize: 4, applicationName: 'db-test' });
  await tdb.admin.query('CREATE TABLE notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body text NOT NULL)');
});
afterAll(async () => {
  await db.close();
  await tdb.drop();
});

/** A TCP proxy to PostgreSQL that holds every packet but a connection's first for `delayMs`. */
async function delayingProxy(target: URL, delayMs: number): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    let first = true;
    client.on('data', (chunk) => {
      if (first) {
        first = false;
        upstream.write(chunk);
      } else setTimeout(() => upstream.writable && upstream.write(chunk), delayMs);
    });
    upstream.on('data', (chunk) => client.writable && client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target.href);
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.href,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const count = async () => Number((await tdb.admin.query('SELECT count(*) AS n FROM notes')).rows[0].n);

describe('Database', () => {
  it('returns int8 values as JSON-safe numbers', async () => {
    const [row] = await db.query<{ big: number }>('SELECT 9007199254740991::bigint AS big', [], signal());
    expect(row?.big).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('fails loudly instead of rounding an int8 beyond 2^53', async () => {
    await expect(db.query('SELECT 9007199254740993::bigint AS big', [], signal())).rejects.toThrow(RangeError);
  });

  it('commits a transaction only when its function succeeds', async () => {
    const before = await count();
    await withTransaction(db, signal(), (tx) => tx.query(`INSERT INTO notes (body) VALUES ('kept')`, [], signal()));
    await expect(
      withTransaction(db, signal(), async (tx) => {
        await tx.query(`INSERT INTO notes (body) VALUES ('dropped')`, [], signal());
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    expect(await count()).toBe(before + 1);
  });

  it('turns a nested transaction into a savepoint that rolls back on its own', async () => {
    const before = await count();
    await withTransaction(db, signal(), async (tx) => {
      await tx.query(`INSERT INTO notes (body) VALUES ('outer')`, [], signal());
      await expect(
        withTransaction(tx, signal(), async (inner) => {
          await inner.query(`INSERT INTO notes (body) VALUES ('inner')`, [], signal());
          throw new Error('inner failed');
        }),
      ).rejects.toThrow('inner failed');
    });
    const bodies = (await tdb.admin.query('SELECT body FROM notes ORDER BY id')).rows.map((r) => r.body);
    expect(await count()).toBe(before + 1);
    expect(bodies).toContain('outer');
    expect(bodies).not.toContain('inner');
  });

  it('runs commit hooks after COMMIT, seeing the committed rows, once per key, and never for rolled-back work', async () => {
    const seen: string[] = [];
    const hook = (body: string) => async (pool: Db) => {
      // On the pool, on another connection: the row is there only if the transaction committed.
      const rows = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM notes WHERE body = $1', [body], signal());
      seen.push(`${body}:${rows[0]!.n}`);
    };
    await withTransaction(db, signal(), async (tx) => {
      await tx.query(`INSERT INTO notes (body) VALUES ('hooked')`, [], signal());
      await tx.afterCommit(hook('hooked'), 'once');
      await tx.afterCommit(hook('same key'), 'once');
      await withTransaction(tx, signal(), async (inner) => {
        await inner.afterCommit(hook('kept savepoint'));
      });
      await withTransaction(tx, signal(), async (inner) => {
        await inner.afterCommit(hook('rolled-back savepoint'));
        throw new Error('inner failed');
      }).catch(() => undefined);
      expect(seen).toEqual([]);
    });
    expect(seen).toEqual(['hooked:1', 'kept savepoint:0']);
    await withTransaction(db, signal(), async (tx) => {
      await tx.afterCommit(hook('rolled back'));
      throw new Error('business rule failed');
    }).catch(() => undefined);
    // On the pool every statement has committed already: the hook runs at once.
    await db.afterCommit(hook('pool'));
    expect(seen).toEqual(['hooked:1', 'kept savepoint:0', 'pool:0']);
  });

  it('reports statements to its observer with the signal they ran under', async () => {
    const seen: AbortSignal[] = [];
    const observed = new Database({ connectionString: tdb.url, poolSize: 1, applicationName: 't', onStatement: (s) => seen.push(s) });
    const s = signal();
    await withTransaction(observed, s, (tx) => tx.query('SELECT 1', [], s));
    await observed.close();
    expect(seen).toHaveLength(3); // BEGIN, SELECT, COMMIT
    expect(seen.every((x) => x === s)).toBe(true);
  });

  it('cancels a statement even when the cancel request overtakes it on the way to the server', async () => {
    // A proxy that delays everything a session sends after its first packet, but not a cancel
    // request (a one-packet connection): the cancel reaches PostgreSQL before the statement it
    // is meant for, is lost there, and only a repeated cancel stops the statement.
    const proxy = await delayingProxy(new URL(tdb.url), 150);
    const slow = new Database({ connectionString: proxy.url, poolSize: 1, applicationName: 'db-test-slow' });
    try {
      await slow.query('SELECT 1', [], signal()); // a warm connection
      const controller = new AbortController();
      const started = Date.now();
      const running = slow.query('SELECT pg_sleep(10)', [], controller.signal);
      setTimeout(() => controller.abort(), 20); // sent, but still in the proxy
      await expect(running).rejects.toBeInstanceOf(CancelledError);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await slow.close();
      await proxy.close();
    }
  });

  it('never lends out again a connection it sent a cancel request for', async () => {
    // The cancel may still be on its way when the statement ends; on a reused connection it
    // would cancel the next borrower's statement.
    const single = new Database({ connectionString: tdb.url, poolSize: 1, applicationName: 'db-test-single' });
    try {
      const pid = async () => (await single.query<{ pid: number }>('SELECT pg_backend_pid() AS pid', [], signal()))[0]!.pid;
      const before = await pid();
      expect(await pid()).toBe(before); // an ordinary query returns its connection to the pool
      const controller = new AbortController();
      const running = single.query('SELECT pg_sleep(10)', [], controller.signal);
      setTimeout(() => controller.abort(), 50);
      await expect(running).rejects.toBeInstanceOf(CancelledError);
      expect(await pid()).not.toBe(before);
    } finally {
      await single.close();
    }
  });

  it('answers DatabaseUnavailableError when PostgreSQL cannot be reached', async () => {
    const down = new Database({ connectionString: 'postgres://nobody:x@127.0.0.1:1/none', poolSize: 1, applicationName: 't', connectionTimeoutMs: 500 });
    await expect(down.query('SELECT 1', [], signal())).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await down.close();
  });
});
