// Concurrent parts of one answer that stand or fall together: the first part to fail aborts the
// shared signal, which cancels the others' statements on the server; the caller's signal (the
// request's) aborts them all too.
import { CancelledError } from '../../platform/db/errors.ts';
import { childAbort, type ChildAbort } from '../../platform/signals.ts';
import { DashboardPartFailedError } from './dashboard.errors.ts';

export class FanOut {
  private readonly abort: ChildAbort;
  private readonly pending: Promise<unknown>[] = [];
  private failure: { part: string; error: unknown } | undefined;

  constructor(private readonly parent: AbortSignal) {
    this.abort = childAbort(parent);
  }

  /**
   * Starts a part on the shared signal. The returned promise is already handled (a rejection is
   * recorded, never unhandled); await it only after `settle` has resolved.
   */
  run<T>(part: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const signal = this.abort.controller.signal;
    const promise = signal.aborted ? Promise.reject(new CancelledError(signal.reason)) : fn(signal);
    this.pending.push(
      promise.catch((error: unknown) => {
        // Only the first failure is the cause; the rest are its cancellations.
        if (this.failure === undefined) {
          this.failure = { part, error };
          this.abort.controller.abort(new Error(`dashboard part "${part}" failed`));
        }
      }),
    );
    return promise;
  }

  /**
   * Waits until every part has finished — cancelled ones included, so no statement of this
   * request is still running when it answers — then throws CancelledError if the caller gave up,
   * DashboardPartFailedError (502) if a part failed.
   */
  async settle(): Promise<void> {
    await Promise.all(this.pending);
    this.abort.dispose();
    if (this.parent.aborted) throw new CancelledError(this.parent.reason, this.failure?.error);
    if (this.failure !== undefined) throw new DashboardPartFailedError(this.failure.part, { cause: this.failure.error });
  }
}
