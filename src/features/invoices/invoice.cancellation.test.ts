// Acceptance: cancellation reaches the database. A client that goes away must not leave its
// statement running (or waiting for a lock) on the server.
import { getEventListeners } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser } from '../../../test/support/factories.ts';
import { CancelledError } from '../../platform/db/errors.ts';
import { makeCustomer, makeInvoice } from './invoice.fixtures.ts';

let t: TestApp;
/** A third connection that watches pg_stat_activity and probes locks. */
let observer: pg.Client;
beforeAll(async () => {
  t = await startTestApp();
  observer = new pg.Client({ connectionString: t.database.url });
  await observer.connect();
});
afterAll(async () => {
  await observer.end();
  await t.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 20 ms until it holds; fails after `timeoutMs`. */
async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
  return Date.now() - started;
}

/** Statements of the app's pool that are running now and whose text contains `fragment`. */
async function activeAppStatements(fragment: string): Promise<{ pid: number; wait_event_type: string | null }[]> {
  const { rows } = await observer.query<{ pid: number; wait_event_type: string | null }>(
    `SELECT pid, wait_event_type FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = 'ledgerline-web'
        AND state = 'active' AND position($1 IN query) > 0`,
    [fragment],
  );
  return rows;
}

/** Until an `UPDATE invoices` of the app waits on a row lock. */
const updateWaitingOnLock = () =>
  waitFor('the UPDATE to wait on the row lock', async () => (await activeAppStatements('UPDATE invoices')).some((s) => s.wait_event_type === 'Lock'), 5_000);

/** Until no `UPDATE invoices` of the app runs; the elapsed ms. */
const updateGone = () => waitFor('the UPDATE to leave pg_stat_activity', async () => (await activeAppStatements('UPDATE invoices')).length === 0, 2_000);

/** The app's port, listening from the first call on. */
async function listening(): Promise<number> {
  if (!t.app.server.listening) await t.app.listen({ port: 0, host: '127.0.0.1' });
  return (t.app.server.address() as AddressInfo).port;
}

describe('cancellation', () => {
  it('cancels a mark-paid UPDATE waiting on a row lock when the HTTP client disconnects', async () => {
    const user = await createUser(t);
    const invoice = await makeInvoice(t, user, await makeCustomer(t, user));
    const port = await listening();
    const admin = t.database.admin;

    await admin.query('BEGIN');
    try {
      await admin.query('SELECT id FROM invoices WHERE id = $1 FOR UPDATE', [invoice.id]);
      const req = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/api/v1/invoices/${invoice.id}/mark-paid`,
        headers: { authorization: `Bearer ${user.token}` },
      });
      let answered = false;
      req.on('response', () => (answered = true));
      req.on('error', () => undefined); // the socket is destroyed on purpose
      req.end();

      await updateWaitingOnLock();
      req.destroy();

      const elapsed = await updateGone();
      expect(elapsed).toBeLessThan(2_000);
      expect(answered).toBe(false);
      // The admin transaction still holds its lock: the statement was cancelled, not granted.
      await expect(observer.query('SELECT id FROM invoices WHERE id = $1 FOR UPDATE NOWAIT', [invoice.id])).rejects.toMatchObject({
        code: '55P03',
      });
    } finally {
      await admin.query('ROLLBACK');
    }
    // Had the UPDATE merely been abandoned by the client, it would run now that the lock is free.
    await sleep(200);
    const { rows } = await admin.query<{ status: string; paid_at: Date | null }>('SELECT status, paid_at FROM invoices WHERE id = $1', [
      invoice.id,
    ]);
    expect(rows[0]).toEqual({ status: 'open', paid_at: null });
  });

  it('cancels a later request on a kept-alive connection when that connection closes, and counts each request apart', async () => {
    const user = await createUser(t);
    const invoice = await makeInvoice(t, user, await makeCustomer(t, user));
    const port = await listening();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const sockets: unknown[] = [];
    const send = (method: string, path: string) =>
      http.request({ host: '127.0.0.1', port, agent, method, path, headers: { authorization: `Bearer ${user.token}` } }).on('socket', (s) => sockets.push(s));
    const answer = (req: http.ClientRequest) =>
      new Promise<{ status: number; statements: number }>((resolve, reject) => {
        req.on('error', reject);
        req.on('response', (res) => {
          res.resume();
          const timing = String(res.headers['server-timing'] ?? '');
          res.on('end', () => resolve({ status: res.statusCode ?? 0, statements: Number(/desc="(\d+) statements"/.exec(timing)?.[1]) }));
        });
        req.end();
      });
    const admin = t.database.admin;
    try {
      // Earlier requests on the connection are answered, each with its own statement count.
      const counts: number[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await answer(send('GET', `/api/v1/invoices/${invoice.id}`));
        expect(res.status).toBe(200);
        counts.push(res.statements);
      }
      expect(counts[0]).toBeGreaterThan(0);
      expect(counts).toEqual([counts[0], counts[0], counts[0]]);

      await admin.query('BEGIN');
      await admin.query('SELECT id FROM invoices WHERE id = $1 FOR UPDATE', [invoice.id]);
      const req = send('POST', `/api/v1/invoices/${invoice.id}/mark-paid`);
      req.on('error', () => undefined); // the socket is destroyed on purpose
      req.end();
      await updateWaitingOnLock();
      expect(new Set(sockets).size).toBe(1); // all four requests went over one connection
      req.destroy();
      await updateGone();
    } finally {
      await admin.query('ROLLBACK');
      agent.destroy();
    }
    await sleep(200);
    const { rows } = await admin.query<{ status: string }>('SELECT status FROM invoices WHERE id = $1', [invoice.id]);
    expect(rows[0]).toEqual({ status: 'open' });
  });

  it('cancels db.query(SELECT pg_sleep(30)) on the server when its signal aborts', async () => {
    const controller = new AbortController();
    const pending = t.db.query('SELECT pg_sleep(30)', [], controller.signal);
    // Attach the expectation now, so the rejection is never unhandled while we poll.
    const outcome = expect(pending).rejects.toBeInstanceOf(CancelledError);
    await waitFor('pg_sleep to start', async () => (await activeAppStatements('pg_sleep(30)')).length === 1, 5_000);
    const started = Date.now();
    controller.abort(new Error('test abort'));
    await outcome;
    expect(Date.now() - started).toBeLessThan(2_000);
    await waitFor('pg_sleep to leave pg_stat_activity', async () => (await activeAppStatements('pg_sleep(30)')).length === 0, 1_000);
  });

  it('cancels a later statement under a signal that already carried many, with one abort listener in all', async () => {
    const controller = new AbortController();
    for (let i = 0; i < 20; i++) await t.db.query('SELECT 1', [], controller.signal);
    await Promise.all(Array.from({ length: 5 }, () => t.db.query('SELECT 1', [], controller.signal)));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);

    const pending = t.db.query('SELECT pg_sleep(31)', [], controller.signal);
    const outcome = expect(pending).rejects.toBeInstanceOf(CancelledError);
    await waitFor('pg_sleep to start', async () => (await activeAppStatements('pg_sleep(31)')).length === 1, 5_000);
    controller.abort(new Error('test abort'));
    await outcome;
    await waitFor('pg_sleep to leave pg_stat_activity', async () => (await activeAppStatements('pg_sleep(31)')).length === 0, 2_000);
  });
});
