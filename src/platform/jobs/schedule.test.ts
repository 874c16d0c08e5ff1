// Cron housekeeping: the worker keeps pg-boss's schedule table in step with the registry and the
// schedules enqueue their tasks; each purge deletes what is past its retention and nothing else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser } from '../../../test/support/factories.ts';
import { Idempotency } from '../http/idempotency.ts';
import { createLogger } from '../log.ts';
import { signal, startWorker, waitFor } from './jobs.fixtures.ts';
import { housekeepingTasks, purgeTask } from './schedule.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

const sql = async <R>(text: string, values: unknown[] = []): Promise<R[]> => (await t.database.admin.query(text, values)).rows as R[];

describe('housekeeping schedule', () => {
  it('registers every housekeeping schedule, drops stale ones, and enqueues a due task', async () => {
    let purges = 0;
    const everyMinute = purgeTask('test_every_minute', '* * * * *', async () => {
      purges++;
      return 0;
    });
    const purge = async () => 0;
    const housekeeping = housekeepingTasks({ expiredTokens: purge, idempotencyKeys: purge, loginFailures: purge });
    const first = await startWorker(t.database.url, [...housekeeping, everyMinute], { cronCheckIntervalSeconds: 1 });
    try {
      const schedules = await sql<{ name: string; cron: string; timezone: string }>(`SELECT name, cron, timezone FROM pgboss.schedule ORDER BY name`);
      expect(schedules).toEqual([
        { name: 'housekeeping.purge_expired_tokens', cron: '7 * * * *', timezone: 'UTC' },
        { name: 'housekeeping.purge_idempotency_keys', cron: '17 * * * *', timezone: 'UTC' },
        { name: 'housekeeping.purge_login_failures', cron: '*/15 * * * *', timezone: 'UTC' },
        { name: 'housekeeping.test_every_minute', cron: '* * * * *', timezone: 'UTC' },
      ]);
      // A cron of every minute is due as soon as the scheduler looks.
      await waitFor(() => purges > 0, 15_000, 'the scheduled purge to run');
      const [job] = await sql<{ state: string; retry_limit: number }>(`SELECT state, retry_limit FROM pgboss.job WHERE name = 'housekeeping.test_every_minute'`);
      expect(job).toMatchObject({ retry_limit: 3 });
    } finally {
      await first.stop();
    }

    // A worker whose registry no longer has the test schedule removes it.
    const second = await startWorker(t.database.url, housekeeping);
    await second.stop();
    expect((await sql<{ name: string }>(`SELECT name FROM pgboss.schedule`)).map((r) => r.name)).not.toContain('housekeeping.test_every_minute');
  }, 30_000);
});

describe('purges', () => {
  it('TokenService.purgeExpired deletes tokens expired over 7 days ago, and only those', async () => {
    const user = await createUser(t);
    const issued = await Promise.all([1, 2, 3].map(() => t.services.tokens.issue(user.id, signal())));
    const ids = (await sql<{ id: string }>(`SELECT id FROM api_tokens WHERE user_id = $1 ORDER BY id DESC LIMIT 3`, [user.id])).map((r) => Number(r.id));
    expect(issued).toHaveLength(3);
    await sql(`UPDATE api_tokens SET expires_at = now() - interval '8 days' WHERE id = $1`, [ids[0]]);
    await sql(`UPDATE api_tokens SET expires_at = now() - interval '6 days' WHERE id = $1`, [ids[1]]);
    expect(await t.services.tokens.purgeExpired(signal())).toBe(1);
    const left = (await sql<{ id: string }>(`SELECT id FROM api_tokens WHERE id = ANY($1)`, [ids])).map((r) => Number(r.id));
    expect(left.sort()).toEqual([ids[1], ids[2]].sort());
  });

  it('LoginThrottle.purgeOld deletes failures older than the 15-minute window, and only those', async () => {
    await sql(
      `INSERT INTO login_failures (email, client_ip, occurred_at)
       VALUES ('purge@example.com', '10.0.0.1', now() - interval '16 minutes'),
              ('purge@example.com', '10.0.0.1', now() - interval '14 minutes'),
              ('purge@example.com', '10.0.0.1', now())`,
    );
    expect(await t.services.loginThrottle.purgeOld(signal())).toBe(1);
    expect(await sql(`SELECT 1 FROM login_failures WHERE email = 'purge@example.com'`)).toHaveLength(2);
  });

  it('Idempotency.purgeExpired deletes outcomes past the 24-hour replay window, and only those', async () => {
    const user = await createUser(t);
    await sql(
      `INSERT INTO idempotency_keys (user_id, route, key, request_hash, response_status, response_body, created_at)
       VALUES ($1, 'POST /api/v1/invoices', 'old', 'h', 201, '{}', now() - interval '25 hours'),
              ($1, 'POST /api/v1/invoices', 'recent', 'h', 201, '{}', now() - interval '23 hours')`,
      [user.id],
    );
    expect(await new Idempotency(t.db).purgeExpired(signal())).toBe(1);
    expect((await sql<{ key: string }>(`SELECT key FROM idempotency_keys WHERE user_id = $1`, [user.id])).map((r) => r.key)).toEqual(['recent']);
  });
});

describe('the registry main.ts builds', () => {
  it('registers every task once: housekeeping, diagnostics and the features’ tasks', async () => {
    const { buildWorker } = await import('../../main.ts');
    const handle = buildWorker(t.config, createLogger('silent'), t.database.url);
    try {
      expect(handle.registry.names).toEqual(expect.arrayContaining(['housekeeping.purge_expired_tokens', 'housekeeping.purge_idempotency_keys', 'housekeeping.purge_login_failures', 'diagnostics.noop', 'diagnostics.sleep']));
    } finally {
      await handle.db.close();
    }
  });
});
