// Cron housekeeping: tasks that delete rows nobody can use any more. The SQL belongs to the
// owner of each table (a feature's service, or platform/http for idempotency keys); a task here
// only calls its purge method on a schedule. main.ts passes the purge functions in, since
// platform/ never imports features/.
import type { Logger } from 'pino';
import { Type } from 'typebox';
import { scheduled, type ScheduledTask } from './registry.ts';
import type { TaskDefinition } from './task.ts';

const emptyPayload = Type.Object({}, { additionalProperties: false });

/** Deletes what is past its retention; resolves to how many rows went. Must be idempotent. */
export type Purge = (signal: AbortSignal) => Promise<number>;

/**
 * A housekeeping task named `housekeeping.<what>` running `purge` on `cron` (UTC). A missed run
 * is harmless (the next one deletes more), so it gets few attempts and a short backoff.
 */
export function purgeTask(what: string, cron: string, purge: Purge, logger?: Logger): ScheduledTask {
  const task: TaskDefinition<typeof emptyPayload> = {
    name: `housekeeping.${what}`,
    payload: emptyPayload,
    timeLimitMs: 10 * 60_000,
    maxAttempts: 3,
    backoff: { baseMs: 30_000, factor: 2, maxMs: 300_000, jitter: 0.2 },
    async handler(_payload, ctx) {
      const deleted = await purge(ctx.signal);
      if (deleted > 0) logger?.info({ task: `housekeeping.${what}`, deleted }, 'housekeeping deleted expired rows');
    },
  };
  return scheduled(task, cron, {});
}

export interface Housekeepers {
  /** API tokens expired more than 7 days ago (TokenService.purgeExpired). */
  expiredTokens: Purge;
  /** Stored Idempotency-Key outcomes older than 24 h (Idempotency.purgeExpired). */
  idempotencyKeys: Purge;
  /** Failed logins older than the 15-minute throttle window (LoginThrottle.purgeOld). */
  loginFailures: Purge;
}

/** The housekeeping schedule, staggered so the purges do not start in the same second. */
export function housekeepingTasks(h: Housekeepers, logger?: Logger): ScheduledTask[] {
  return [
    purgeTask('purge_expired_tokens', '7 * * * *', h.expiredTokens, logger),
    purgeTask('purge_idempotency_keys', '17 * * * *', h.idempotencyKeys, logger),
    purgeTask('purge_login_failures', '*/15 * * * *', h.loginFailures, logger),
  ];
}
