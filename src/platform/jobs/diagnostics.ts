// Built-in diagnostic tasks, registered in every worker: `diagnostics.noop` measures the queue's
// own overhead (bench/jobs.ts), `diagnostics.sleep` holds a job for a known time so that tests can
// kill or stop a worker mid-job. Neither touches any data. Enqueue them only from tests,
// benchmarks or an operator's console (`diagnostics.sleep` with `{ "ms": 1000 }`).
import { Type } from 'typebox';
import { DEFAULT_BACKOFF, type TaskDefinition } from './task.ts';

const noopPayload = Type.Object({ enqueuedAt: Type.Optional(Type.Number()) }, { additionalProperties: false });

/** Does nothing. `enqueuedAt` (epoch ms) lets a benchmark measure enqueue-to-start latency. */
export function noopTask(onRun?: (payload: { enqueuedAt?: number }, startedAt: number) => void): TaskDefinition<typeof noopPayload> {
  return {
    name: 'diagnostics.noop',
    payload: noopPayload,
    timeLimitMs: 10_000,
    maxAttempts: 1,
    backoff: DEFAULT_BACKOFF,
    async handler(payload) {
      onRun?.(payload, Date.now());
    },
  };
}

const sleepPayload = Type.Object({ ms: Type.Integer({ minimum: 0, maximum: 3_600_000 }) }, { additionalProperties: false });

/** Waits `ms` milliseconds, or until its signal fires (time limit or shutdown past the grace). */
export const sleepTask: TaskDefinition<typeof sleepPayload> = {
  name: 'diagnostics.sleep',
  payload: sleepPayload,
  timeLimitMs: 3_600_000,
  maxAttempts: 3,
  backoff: { baseMs: 100, factor: 2, maxMs: 1_000, jitter: 0.2 },
  handler(payload, ctx) {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, payload.ms);
      ctx.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(ctx.signal.reason as Error);
      }, { once: true });
    });
  },
};
