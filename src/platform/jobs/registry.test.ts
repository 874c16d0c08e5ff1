import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { DuplicateTaskError } from './errors.ts';
import { recordingTask } from './jobs.fixtures.ts';
import { payloadProblems, scheduled, TaskRegistry } from './registry.ts';
import { backoffDelayMs, DEFAULT_BACKOFF } from './task.ts';

describe('TaskRegistry', () => {
  it('rejects two tasks with one name at start-up', () => {
    expect(() => new TaskRegistry([recordingTask('test.a'), recordingTask('test.b'), recordingTask('test.a')])).toThrow(DuplicateTaskError);
  });

  it('rejects a scheduled task registered again as a plain one', () => {
    const task = recordingTask('test.a');
    expect(() => new TaskRegistry([scheduled(task, '* * * * *', { n: 1 }), task])).toThrow(/registered twice/);
  });

  it('rejects impossible settings and bad names', () => {
    expect(() => new TaskRegistry([recordingTask('test.a', undefined, { maxAttempts: 0 })])).toThrow(/maxAttempts/);
    expect(() => new TaskRegistry([recordingTask('test.a', undefined, { timeLimitMs: 0 })])).toThrow(/timeLimitMs/);
    expect(() => new TaskRegistry([recordingTask('__pgboss__x')])).toThrow(/name must match/);
    expect(() => new TaskRegistry([recordingTask('Test A')])).toThrow(/name must match/);
  });

  it('rejects a schedule whose payload its task would reject', () => {
    expect(() => new TaskRegistry([scheduled(recordingTask('test.a'), '* * * * *', { n: 'one' })])).toThrow(/invalid payload/);
  });

  it('lists names and schedules', () => {
    const a = recordingTask('test.a');
    const registry = new TaskRegistry([a, scheduled(recordingTask('test.b'), '5 * * * *', { n: 2 })]);
    expect(registry.names).toEqual(['test.a', 'test.b']);
    expect(registry.get('test.a')).toBe(a);
    expect(registry.schedules.map((s) => [s.task.name, s.cron])).toEqual([['test.b', '5 * * * *']]);
  });
});

describe('payloadProblems', () => {
  it('says where a payload is wrong, and nothing when it is right', () => {
    const schema = Type.Object({ order_id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
    expect(payloadProblems(schema, { order_id: 3 })).toEqual([]);
    expect(payloadProblems(schema, { order_id: 0 })[0]).toMatch(/order_id/);
    expect(payloadProblems(schema, { order_id: 3, extra: true })).not.toEqual([]);
    expect(payloadProblems(schema, null)).not.toEqual([]);
  });
});

describe('backoffDelayMs (the SPEC default: 1 s × 2^n, ±20%, capped at 10 minutes)', () => {
  it('doubles from the base, within the jitter, and stops at the cap', () => {
    expect(backoffDelayMs(DEFAULT_BACKOFF, 2, () => 0.5)).toBe(1_000);
    expect(backoffDelayMs(DEFAULT_BACKOFF, 3, () => 0.5)).toBe(2_000);
    expect(backoffDelayMs(DEFAULT_BACKOFF, 4, () => 0)).toBe(3_200);
    expect(backoffDelayMs(DEFAULT_BACKOFF, 4, () => 0.999999)).toBe(4_800);
    expect(backoffDelayMs(DEFAULT_BACKOFF, 20, () => 0.999999)).toBe(600_000);
  });
});
