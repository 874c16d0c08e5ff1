// Errors of the job queue and the worker. The worker records an attempt's error in the job's
// `output` (see describeError), so an operator reads the same message in the admin and the logs.

/** enqueue() was given a payload its task's schema rejects; nothing was enqueued. */
export class InvalidJobPayloadError extends Error {
  override readonly name = 'InvalidJobPayloadError';
  readonly code = 'jobs.invalid_payload';
  constructor(
    readonly task: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid payload for task ${task}: ${problems.join('; ')}`);
  }
}

/** pg-boss accepted nothing: the task's queue does not exist in this database. */
export class UnknownQueueError extends Error {
  override readonly name = 'UnknownQueueError';
  readonly code = 'jobs.unknown_queue';
  constructor(readonly task: string) {
    super(`the queue of task ${task} does not exist (was it created, and is the database migrated?)`);
  }
}

/** The reason ctx.signal fires when an attempt runs past its task's time limit. */
export class TimeLimitExceededError extends Error {
  override readonly name = 'TimeLimitExceededError';
  readonly code = 'jobs.time_limit';
  constructor(readonly task: string, readonly timeLimitMs: number) {
    super(`task ${task} exceeded its time limit of ${timeLimitMs} ms`);
  }
}

/** The reason ctx.signal fires when the worker shuts down before the attempt finished. */
export class WorkerShutdownError extends Error {
  override readonly name = 'WorkerShutdownError';
  readonly code = 'jobs.worker_shutdown';
  constructor() {
    super('the worker shut down before the attempt finished; the job was released to run again');
  }
}

/**
 * The error handed to onFinalFailure when the last attempt never reported back: its worker died
 * (kill -9, OOM, power loss) or lost the database, and its claim on the job lapsed.
 */
export class AttemptLostError extends Error {
  override readonly name = 'AttemptLostError';
  readonly code = 'jobs.attempt_lost';
  constructor(detail: string) {
    super(`the last attempt's worker stopped without reporting an outcome (${detail})`);
  }
}

/** Two tasks registered under one name: a start-up error, never a silent override. */
export class DuplicateTaskError extends Error {
  override readonly name = 'DuplicateTaskError';
  constructor(readonly task: string) {
    super(`task ${task} is registered twice; task names must be unique`);
  }
}

/** What the job's `output` keeps of an error: enough to diagnose, as JSON. */
export interface RecordedError {
  name: string;
  message: string;
  /** Messages of the cause chain, outermost first (the message above excluded). */
  causes?: string[];
  stack?: string;
}

export function describeError(err: unknown): RecordedError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  const causes: string[] = [];
  for (let c: unknown = err.cause; c !== undefined && causes.length < 5; c = c instanceof Error ? c.cause : undefined) {
    causes.push(c instanceof Error ? `${c.name}: ${c.message}` : String(c));
  }
  return {
    name: err.name,
    message: err.message,
    ...(causes.length > 0 ? { causes } : {}),
    ...(err.stack === undefined ? {} : { stack: err.stack.split('\n').slice(0, 12).join('\n') }),
  };
}
