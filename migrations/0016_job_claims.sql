-- The worker's claim (jobs/queries.sql: ClaimJobs) as a function, so that its plan cannot depend on
-- the queue's statistics. The claim must walk the partition's index of waiting jobs (i5: name,
-- start_after WHERE state < 'active') in due order and stop after `max_jobs` rows: its cost is then
-- the same at any backlog. A partition analyzed while it was small, or never (a new queue), makes
-- the planner expect a handful of rows, and it then prefers a bitmap scan of every waiting job
-- followed by a sort. That plan reads the whole backlog at every claim, exactly when the backlog
-- is large: measured on a new queue with 20,000 waiting jobs, 5.4 ms per claim of 16 against
-- 0.86 ms, and one worker draining 3,000 jobs/s instead of 9,000 (docs/PERFORMANCE.md, "A claim's
-- plan"). Turning bitmap scans and sorts off for this one statement leaves the ordered index scan
-- as the only plan. PL/pgSQL keeps the plan for the session, as a prepared statement would.
--
-- What a claim does is pg-boss's bookkeeping: state 'active', started_on, and retry_count + 1 on
-- every claim but the first (fetch in pg-boss 10 does the same), so (name, id, retry_count) names
-- one attempt. FOR UPDATE SKIP LOCKED lets workers claim side by side.
CREATE FUNCTION claim_due_jobs(queue text, max_jobs int)
  RETURNS TABLE (id uuid, name text, data jsonb, retry_count int, retry_limit int, output jsonb)
  LANGUAGE plpgsql
  SET enable_bitmapscan = off
  SET enable_sort = off
AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH next AS (
    SELECT w.id
      FROM pgboss.job w
     WHERE w.name = queue AND w.state < 'active' AND w.start_after < now()
     ORDER BY w.start_after
     LIMIT max_jobs
       FOR UPDATE SKIP LOCKED
  )
  UPDATE pgboss.job j
     SET state = 'active',
         started_on = now(),
         retry_count = CASE WHEN j.started_on IS NOT NULL THEN j.retry_count + 1 ELSE j.retry_count END
    FROM next
   WHERE j.name = queue AND j.id = next.id
  RETURNING j.id, j.name, j.data, j.retry_count, j.retry_limit, j.output;
END
$$;
