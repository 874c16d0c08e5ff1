// Waiting for what arrives asynchronously: notifications, background work.
import type { TestApp } from './app.ts';

/** Polls `check` until it holds; fails after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Waits until `count` web processes hold their LISTEN connection to the test database. */
export function listenersConnected(t: TestApp, count: number): Promise<void> {
  return eventually(async () => {
    const { rowCount } = await t.database.admin.query(
      `SELECT 1 FROM pg_stat_activity WHERE application_name = 'ledgerline-listen' AND datname = current_database()`,
    );
    return rowCount === count;
  });
}
