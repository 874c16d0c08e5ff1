/* @name InsertUsageEvents */
-- A batch in one statement: the events arrive as parallel typed arrays, unnested into rows. A
-- repeated event_id (already stored, or earlier in the same batch) is skipped by ON CONFLICT DO
-- NOTHING, so the first one wins; RETURNING lists only the events that were new.
INSERT INTO usage_events (user_id, event_id, metric, quantity, occurred_at)
SELECT :userId!, e.event_id, e.metric, e.quantity, e.occurred_at
  FROM unnest(:eventIds!::text[], :metrics!::text[], :quantities!::int8[], :occurredAts!::timestamptz[])
       AS e(event_id, metric, quantity, occurred_at)
ON CONFLICT (user_id, event_id) DO NOTHING
RETURNING event_id;

/* @name SumUsageForUserBetween */
-- One range scan of usage_events_user_occurred_idx (index-only: metric and quantity are included).
-- [periodStart, periodEnd) is half-open, so an event at midnight on the 1st counts in one month only.
SELECT metric, sum(quantity)::int8 AS "quantity!"
  FROM usage_events
 WHERE user_id = :userId!
   AND occurred_at >= :periodStart!::timestamptz
   AND occurred_at < :periodEnd!::timestamptz
 GROUP BY metric
 ORDER BY metric;
