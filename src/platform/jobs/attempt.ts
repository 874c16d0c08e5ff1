// One attempt of one job: validate the payload, run the handler under its time limit, and record
// what happened (completed, retry after backoff, or failed for good after onFinalFailure).
//
// Exactly one outcome is recorded per attempt. `decided` is the arbiter: whichever comes first —
// the handler settling, the time limit, a shutdown release, or the heartbeat finding the claim
// lost — decides, and everything later is ignored. The attempt's slot is held until the handler
// has really settled, so a handler that ignores its signal still counts against concurrency.
import type { Logger } from 'pino';
import type { AttemptRef, AttemptStore, ClaimedJob } from './attempt-store.ts';
import {
  AttemptLostError,
  describeError,
  InvalidJobPayloadError,
  TimeLimitExceededError,
  WorkerShutdownError,
  type RecordedError,
} from './errors.ts';
import { payloadProblems } from './registry.ts';
import { backoffDelayMs, type TaskContext, type TaskDefinition } from './task.ts';

export class Attempt {
  readonly ref: AttemptRef;
  /** 1-based: retry_count counts re-claims, and jobs are sent with retryLimit = maxAttempts. */
  readonly number: number;
  readonly maxAttempts: number;
  private readonly controller = new AbortController();
  private readonly log: Logger;
  private decided = false;
  private written = false;
  private recording: Promise<void> = Promise.resolve();

  constructor(
    private readonly job: ClaimedJob,
    private readonly task: TaskDefinition,
    private readonly store: AttemptStore,
    logger: Logger,
  ) {
    this.ref = { name: job.name, id: job.id, retryCount: job.retryCount };
    this.number = job.retryCount + 1;
    // retry_limit, not the task's current maxAttempts: staff "retry" in the admin adds one to it.
    this.maxAttempts = job.retryLimit;
    this.log = logger.child({ task: task.name, jobId: job.id, attempt: this.number, maxAttempts: this.maxAttempts });
  }

  /** Until its outcome is written (or the job released), the heartbeat must renew the claim. */
  get holdsClaim(): boolean {
    return !this.written;
  }

  /** Runs to the end; resolves when the slot may be reused. Never rejects. */
  async run(): Promise<void> {
    try {
      await this.execute();
    } catch (err) {
      // Only the recording statements can throw here (the database is unreachable): the claim
      // lapses and the job runs again.
      this.log.error({ err }, 'could not record the outcome of a job attempt; it will run again when its claim lapses');
    }
    await this.recording.catch(() => undefined);
    this.written = true;
  }

  private async execute(): Promise<void> {
    const problems = payloadProblems(this.task.payload, this.job.data);
    if (problems.length > 0) {
      // Retrying cannot fix a payload, and onFinalFailure cannot be given one it can trust.
      this.decided = true;
      const err = new InvalidJobPayloadError(this.task.name, problems);
      this.log.error({ err }, 'job failed: its payload does not match the task schema');
      await this.store.fail(this.ref, describeError(err));
      this.written = true;
      return;
    }
    if (this.number > this.maxAttempts) {
      // The last attempt's worker died; pg-boss released the lapsed claim into `retry`.
      this.decided = true;
      const previous = (this.job.output as { value?: { message?: string } } | null)?.value?.message ?? 'its claim lapsed';
      await this.finalFailure(new AttemptLostError(previous), this.maxAttempts);
      return;
    }
    this.log.debug('job started');
    const started = performance.now();
    const timer = setTimeout(() => this.onTimeLimit(), this.task.timeLimitMs);
    const ctx = this.context(this.controller.signal, this.number);
    const result = await this.task.handler(this.job.data, ctx).then(
      () => ({ ok: true as const }),
      (err: unknown) => ({ ok: false as const, err }),
    );
    clearTimeout(timer);
    const ms = Math.round(performance.now() - started);
    if (this.decided) {
      if (ms > this.task.timeLimitMs) this.log.warn({ ms }, 'handler settled after its time limit; its result was ignored');
      return;
    }
    this.decided = true;
    if (result.ok) {
      this.store.complete(this.ref);
      this.written = true;
      this.log.info({ ms }, 'job completed');
    } else {
      await this.failed(result.err, ms);
    }
  }

  /** The time limit passed: abort the handler's signal, then fail the attempt at once. */
  private onTimeLimit(): void {
    if (this.decided) return;
    this.decided = true;
    const err = new TimeLimitExceededError(this.task.name, this.task.timeLimitMs);
    this.controller.abort(err);
    this.recording = this.failed(err, this.task.timeLimitMs).catch((e: unknown) => {
      this.log.error({ err: e }, 'could not record a timed-out attempt; it will run again when its claim lapses');
    });
  }

  /** Shutdown past the grace period: abort; true if the caller must release the job. */
  release(): boolean {
    if (this.decided) return false;
    this.decided = true;
    this.written = true; // the caller releases it
    this.controller.abort(new WorkerShutdownError());
    this.log.warn('job released at shutdown: it did not finish within the grace period');
    return true;
  }

  /** The heartbeat found the claim gone (lapsed, so another worker may run the job): stop. */
  abandon(): void {
    if (this.decided) return;
    this.decided = true;
    this.written = true; // nothing of ours left to write
    const err = new AttemptLostError('this worker could not renew its claim in time');
    this.controller.abort(err);
    this.log.warn({ err }, 'job abandoned: its claim lapsed while it ran');
  }

  private async failed(err: unknown, ms: number): Promise<void> {
    const error = describeError(err);
    if (this.number < this.maxAttempts) {
      const delayMs = backoffDelayMs(this.task.backoff, this.number + 1);
      const recorded = await this.store.retry(this.ref, delayMs, error);
      this.written = true;
      this.log.warn({ err, ms, retryInMs: delayMs, recorded }, 'job attempt failed; retrying after backoff');
      return;
    }
    await this.finalFailure(err, this.number, error);
  }

  /** Runs onFinalFailure (its own time limit), then keeps the job as failed with its error. */
  private async finalFailure(err: unknown, attempt: number, error: RecordedError = describeError(err)): Promise<void> {
    let hookError: RecordedError | undefined;
    if (this.task.onFinalFailure !== undefined) {
      const signal = AbortSignal.timeout(this.task.timeLimitMs);
      try {
        await this.task.onFinalFailure(this.job.data, this.context(signal, attempt), err);
      } catch (e) {
        hookError = describeError(e);
        this.log.error({ err: e }, 'onFinalFailure failed; the job is kept as failed all the same');
      }
    }
    const recorded = await this.store.fail(this.ref, hookError === undefined ? error : { ...error, causes: [...(error.causes ?? []), `onFinalFailure: ${hookError.message}`] });
    this.written = true;
    this.log.error({ err, recorded }, 'job failed after its last attempt');
  }

  private context(signal: AbortSignal, attempt: number): TaskContext {
    return { signal, attempt, maxAttempts: this.maxAttempts, jobId: this.job.id };
  }
}
