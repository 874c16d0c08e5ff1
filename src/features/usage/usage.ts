// Usage metering: domain types and the rules for a recorded event. Pure: no I/O.
import { ValidationError, type FieldError } from '../../platform/errors.ts';
import type { Period } from '../../platform/period.ts';

/** Limits mirrored by the CHECK constraints in migrations/0012_usage_and_dashboard.sql. */
export const EVENT_ID_MAX_CHARS = 128;
export const METRIC_PATTERN = '^[a-z][a-z0-9_.]{0,63}$';
export const QUANTITY_MIN = 1;
export const QUANTITY_MAX = 1_000_000_000;

/** One metered event; `occurredAt` decides the month it counts in (default: when it is recorded). */
export interface NewUsageEvent {
  eventId: string;
  metric: string;
  quantity: number;
  occurredAt?: Date | undefined;
}

/** What recording a batch did: the ids it stored, and the repeats it ignored (first one wins). */
export interface RecordedUsage {
  inserted: string[];
  duplicates: string[];
}

/** A period's totals per metric, sorted by metric name. */
export interface UsageSummary {
  period: Period;
  metrics: { metric: string; quantity: number }[];
}

const METRIC = new RegExp(METRIC_PATTERN);

/**
 * Checks every event of a batch (the HTTP schema already does for one; other callers may not),
 * naming fields `events.<i>.<field>`, or the bare field for a batch of one (the HTTP body).
 */
export function parseUsageEvents(events: readonly NewUsageEvent[], now: Date): Required<NewUsageEvent>[] {
  const errors: FieldError[] = [];
  const field = (i: number, name: string) => (events.length === 1 ? name : `events.${i}.${name}`);
  const parsed = events.map((e, i) => {
    const chars = [...e.eventId].length;
    if (chars < 1 || chars > EVENT_ID_MAX_CHARS || e.eventId.includes('\u0000')) {
      errors.push({ field: field(i, 'event_id'), message: `Must be 1 to ${EVENT_ID_MAX_CHARS} characters, without NUL.` });
    }
    if (!METRIC.test(e.metric)) errors.push({ field: field(i, 'metric'), message: `Must match ${METRIC_PATTERN}.` });
    if (!Number.isSafeInteger(e.quantity) || e.quantity < QUANTITY_MIN || e.quantity > QUANTITY_MAX) {
      errors.push({ field: field(i, 'quantity'), message: `Must be an integer from ${QUANTITY_MIN} to ${QUANTITY_MAX}.` });
    }
    const occurredAt = e.occurredAt ?? now;
    if (Number.isNaN(occurredAt.getTime())) errors.push({ field: field(i, 'occurred_at'), message: 'Must be an RFC 3339 timestamp.' });
    return { eventId: e.eventId, metric: e.metric, quantity: e.quantity, occurredAt };
  });
  if (errors.length > 0) throw new ValidationError(errors);
  return parsed;
}
