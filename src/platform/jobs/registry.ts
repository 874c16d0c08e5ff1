// The tasks a worker runs and the cron schedules it keeps, checked once at start-up: a duplicate
// name, an impossible setting or a schedule whose payload its task would reject stops the process
// before it takes any job. main.ts lists the registrations (one line per task).
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { DuplicateTaskError } from './errors.ts';
import type { TaskDefinition } from './task.ts';

/** A task that also runs on a cron schedule (UTC), e.g. `17 * * * *` for hourly at :17. */
export interface ScheduledTask {
  task: TaskDefinition;
  cron: string;
  payload: unknown;
}

export type Registration = TaskDefinition | ScheduledTask;

/** Registers `task` and runs it on `cron` (UTC, five fields) with `payload` (default `{}`). */
export function scheduled(task: TaskDefinition, cron: string, payload: unknown = {}): ScheduledTask {
  return { task, cron, payload };
}

const validators = new WeakMap<TSchema, ReturnType<typeof Compile>>();

/** Why `payload` does not match its schema (empty when it does), e.g. `/orderId: expected integer`. */
export function payloadProblems(schema: TSchema, payload: unknown): string[] {
  let validator = validators.get(schema);
  if (validator === undefined) {
    validator = Compile(schema);
    validators.set(schema, validator);
  }
  if (validator.Check(payload)) return [];
  return validator.Errors(payload).map((e) => `${e.instancePath || '/'}: ${e.message}`);
}

/** Queue names: lower-case, `.`/`_`/`-` separated; `__` is pg-boss's own prefix. */
const NAME = /^[a-z][a-z0-9_.-]{0,99}$/;

function definitionProblems(t: TaskDefinition): string[] {
  const problems: string[] = [];
  if (!NAME.test(t.name)) problems.push(`name must match ${NAME}`);
  if (!Number.isInteger(t.maxAttempts) || t.maxAttempts < 1 || t.maxAttempts > 1000) problems.push('maxAttempts must be an integer from 1 to 1000');
  if (!Number.isInteger(t.timeLimitMs) || t.timeLimitMs < 1 || t.timeLimitMs > 24 * 3600_000) problems.push('timeLimitMs must be an integer from 1 to 86400000');
  const b = t.backoff;
  if (!(b.baseMs >= 0 && b.factor >= 1 && b.maxMs >= b.baseMs && b.jitter >= 0 && b.jitter < 1)) {
    problems.push('backoff needs baseMs >= 0, factor >= 1, maxMs >= baseMs and 0 <= jitter < 1');
  }
  return problems;
}

const isScheduled = (r: Registration): r is ScheduledTask => 'cron' in r && 'task' in r;

export class TaskRegistry {
  private readonly byName = new Map<string, TaskDefinition>();
  readonly schedules: readonly ScheduledTask[];

  constructor(registrations: readonly Registration[]) {
    const schedules: ScheduledTask[] = [];
    for (const r of registrations) {
      const task = isScheduled(r) ? r.task : r;
      if (this.byName.has(task.name)) throw new DuplicateTaskError(task.name);
      const problems = definitionProblems(task);
      if (problems.length > 0) throw new Error(`task ${task.name}: ${problems.join('; ')}`);
      this.byName.set(task.name, task);
      if (isScheduled(r)) {
        const payload = payloadProblems(task.payload, r.payload);
        if (payload.length > 0) throw new Error(`schedule of ${task.name}: invalid payload: ${payload.join('; ')}`);
        schedules.push(r);
      }
    }
    this.schedules = schedules;
  }

  get(name: string): TaskDefinition | undefined {
    return this.byName.get(name);
  }

  get names(): string[] {
    return [...this.byName.keys()];
  }
}
