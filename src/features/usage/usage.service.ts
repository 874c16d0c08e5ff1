// UsageService: records metered events (idempotent per user and event_id) and sums a period.
// Writes go to the primary; the period's sums are a read, served by `readDb` (the replica when
// DATABASE_REPLICA_URL is set), so a just-recorded event may show up after the replica's lag.
import type { Db } from '../../platform/db/db.ts';
import type { Clock } from '../../platform/clock.ts';
import { utcMonthOf, type Period } from '../../platform/period.ts';
import { parseUsageEvents, type NewUsageEvent, type RecordedUsage, type UsageSummary } from './usage.ts';
import { insertUsageEvents, sumUsageForUserBetween } from './queries.queries.ts';

export interface UsageServiceDeps {
  db: Db;
  /** Where reads go; the primary when there is no replica. */
  readDb: Db;
  clock: Clock;
}

/** What the dashboard needs of usage (UsageService provides it; tests substitute their own). */
export interface UsageReader {
  summary(userId: number, period: Period, signal: AbortSignal): Promise<UsageSummary>;
}

export class UsageService implements UsageReader {
  constructor(private readonly deps: UsageServiceDeps) {}

  /** The same service with reads and writes on `db`. */
  withDb(db: Db): UsageService {
    return new UsageService({ ...this.deps, db, readDb: db });
  }

  /**
   * Records a batch with one INSERT (the events as unnested arrays). A repeated event_id, stored
   * before or earlier in the batch, is ignored even with another quantity: the first one wins.
   */
  async record(userId: number, events: readonly NewUsageEvent[], signal: AbortSignal): Promise<RecordedUsage> {
    if (events.length === 0) return { inserted: [], duplicates: [] };
    const parsed = parseUsageEvents(events, this.deps.clock.now());
    const rows = await this.deps.db.run(
      insertUsageEvents,
      {
        userId,
        eventIds: parsed.map((e) => e.eventId),
        metrics: parsed.map((e) => e.metric),
        quantities: parsed.map((e) => e.quantity),
        occurredAts: parsed.map((e) => e.occurredAt),
      },
      signal,
    );
    const inserted = rows.map((r) => r.event_id);
    const fresh = new Set(inserted);
    return { inserted, duplicates: parsed.map((e) => e.eventId).filter((id) => !fresh.has(id)) };
  }

  /** Totals per metric of the events that occurred in the current UTC calendar month. */
  currentMonth(userId: number, signal: AbortSignal): Promise<UsageSummary> {
    return this.summary(userId, utcMonthOf(this.deps.clock.now()), signal);
  }

  /** Totals per metric of the events that occurred in `period` (one index range scan). */
  async summary(userId: number, period: Period, signal: AbortSignal): Promise<UsageSummary> {
    const rows = await this.deps.readDb.run(sumUsageForUserBetween, { userId, periodStart: period.start, periodEnd: period.end }, signal);
    return { period, metrics: rows.map((r) => ({ metric: r.metric, quantity: r.quantity })) };
  }
}
