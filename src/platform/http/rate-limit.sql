/* @name AddBucketHits */
-- hits[i] more hits on keys[i] in the window starting at windowStarts[i]; each row's count so far.
-- (key, window start) pairs must be distinct: one upsert may touch a row once. Rows are written,
-- and so locked, in (window_start, key) order whatever order they come in, so that two concurrent
-- upserts sharing rows never wait for each other in a cycle. A named prepared statement: it runs
-- for every write request and every capped side effect, and planning it anew each time cost
-- PostgreSQL more than running it (measured: 150 µs vs 65 µs a call).
INSERT INTO rate_limit_buckets AS b (key, window_start, count)
SELECT h.key, h.window_start, h.hits
  FROM unnest(:keys!::text[], :windowStarts!::timestamptz[], :hits!::int4[]) AS h(key, window_start, hits)
 ORDER BY h.window_start, h.key
    ON CONFLICT (key, window_start) DO UPDATE SET count = b.count + EXCLUDED.count
RETURNING b.key, b.window_start, b.count;

/* @name PurgeOldBuckets */
-- Up to :batch windows that ended more than a minute ago (the database's clock), oldest first.
WITH doomed AS (
  SELECT key, window_start FROM rate_limit_buckets
   WHERE window_start < now() - interval '2 minutes'
   ORDER BY window_start
   LIMIT :batch!::int8
), deleted AS (
  DELETE FROM rate_limit_buckets b USING doomed d
   WHERE b.key = d.key AND b.window_start = d.window_start
  RETURNING 1
)
SELECT count(*)::int AS "deleted!" FROM deleted;
