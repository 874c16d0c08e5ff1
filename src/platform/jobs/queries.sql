/* @name CompleteAttempts */
-- The worker's own statements on pg-boss's job table (schema version 24, see
-- migrations/0009_job_queue.sql). pg-boss claims jobs (fetch), releases lapsed claims and archives;
-- recording an attempt's outcome is done here because pg-boss 10 has no per-attempt backoff of
-- our shape, no heartbeat and no fencing.
--
-- Fencing: fetch adds 1 to retry_count each time a job is claimed again, so (name, id,
-- retry_count) names one attempt. Every statement below matches it and state = 'active', so a
-- worker whose claim lapsed (and whose job another worker has taken since) changes nothing.
WITH done AS (
  UPDATE pgboss.job j
     SET state = 'completed', completed_on = now()
    FROM unnest(:names!::text[], :ids!::uuid[], :retryCounts!::int[]) AS a(name, id, retry_count)
   WHERE j.name = a.name AND j.id = a.id AND j.retry_count = a.retry_count AND j.state = 'active'
  RETURNING 1
)
SELECT count(*)::int AS completed FROM done;

/* @name ClaimJobs */
-- Takes up to `limit` due jobs of one queue, in due order, skipping those other workers are
-- taking. pg-boss's own fetch orders by (priority, created_on), which no index serves: every
-- fetch sorted the whole backlog (~20 ms at 20,000 queued jobs). claim_due_jobs (migration 0016)
-- walks job_i5 (name, start_after) WHERE state < 'active' whatever the queue's statistics say, so
-- a claim costs the same at any backlog. Its bookkeeping is pg-boss's: state, started_on, and
-- retry_count + 1 on every claim but the first.
SELECT id AS "id!", name AS "name!", data, retry_count AS "retry_count!", retry_limit AS "retry_limit!", output
  FROM claim_due_jobs(:name!, :limit!);

/* @name RetryAttempt */
-- A failed attempt with attempts left: runnable again after our backoff, its error kept in output.
UPDATE pgboss.job
   SET state = 'retry', start_after = now() + :delayMs!::float8 * interval '1 millisecond', output = :output!
 WHERE name = :name! AND id = :id! AND retry_count = :retryCount! AND state = 'active'
RETURNING id;

/* @name FailAttempt */
-- The last attempt failed: the job is kept as failed, with its error, until archived (30 days).
UPDATE pgboss.job
   SET state = 'failed', completed_on = now(), output = :output!
 WHERE name = :name! AND id = :id! AND retry_count = :retryCount! AND state = 'active'
RETURNING id;

/* @name ExtendLeases */
-- Heartbeat: pg-boss releases an active job once started_on + expire_in has passed; moving
-- expire_in (not started_on, which stays the attempt's start) keeps a live worker's claim. A job
-- not returned is no longer this attempt's: its claim lapsed and the worker abandons it.
UPDATE pgboss.job j
   SET expire_in = (now() - j.started_on) + make_interval(secs => :leaseSeconds!::float8)
  FROM unnest(:names!::text[], :ids!::uuid[], :retryCounts!::int[]) AS a(name, id, retry_count)
 WHERE j.name = a.name AND j.id = a.id AND j.retry_count = a.retry_count AND j.state = 'active'
RETURNING j.id;

/* @name ReleaseAttempts */
-- Shutdown: jobs still running past the grace period go back to the queue, runnable at once, and
-- the interrupted attempt does not count. fetch adds 1 to retry_count whenever started_on is set,
-- so a first attempt forgets started_on and a later one steps retry_count back by one.
UPDATE pgboss.job j
   SET state = CASE WHEN j.retry_count = 0 THEN 'created'::pgboss.job_state ELSE 'retry'::pgboss.job_state END,
       started_on = CASE WHEN j.retry_count = 0 THEN NULL ELSE j.started_on END,
       retry_count = GREATEST(j.retry_count - 1, 0),
       start_after = now(),
       output = :output!
  FROM unnest(:names!::text[], :ids!::uuid[], :retryCounts!::int[]) AS a(name, id, retry_count)
 WHERE j.name = a.name AND j.id = a.id AND j.retry_count = a.retry_count AND j.state = 'active';

/* @name LockSingletonKey */
-- Serialises enqueues of one singleton key until the enqueuing transaction ends.
SELECT pg_advisory_xact_lock(hashtextextended(:lockKey!, 0))::text AS locked;

/* @name FindUnfinishedSingleton */
-- A queued, retrying or running job with this key (job_unfinished_singleton_idx, 0009_job_queue.sql).
SELECT id
  FROM pgboss.job
 WHERE name = :name! AND singleton_key = :singletonKey! AND state < 'completed'
 LIMIT 1;

/* @name LockQueueCreation */
-- Queue creations take turns until their transactions end. Two transactions creating a queue at
-- once otherwise deadlock inside create_queue: each holds a lock on pgboss.queue (its INSERT)
-- that the other's FOREIGN KEY to pgboss.queue must wait for.
SELECT pg_advisory_xact_lock(hashtextextended('ledgerline.jobs:create_queue', 0))::text AS locked;

/* @name CreateQueue */
-- pg-boss's own function: registers the queue and attaches its partition of pgboss.job. A no-op
-- for a queue that exists (ON CONFLICT DO NOTHING). Run after LockQueueCreation.
SELECT pgboss.create_queue(:name!, '{"policy": "standard"}'::json)::text AS created;

/* @name NotifyQueues */
-- Wakes idle workers for these queues (tasks), one notification each. NOTIFY is transactional:
-- inside a transaction it is delivered at commit, on the pool at once.
SELECT pg_notify(:channel!, q)::text AS notified FROM unnest(:queues!::text[]) AS q;

/* @name InsertJobs */
-- Enqueues jobs of one task, one or several, in one statement: for each, the row pg-boss 10's
-- send() writes (plans.js insertJob) for the options every Ledgerline job has, so pg-boss's
-- maintenance and our worker cannot tell them apart: priority 0, no throttling (singleton_on) and
-- no per-job dead letter, expire_in, keep_until or retry delay, so each falls to the queue's
-- setting and then to the constructor's (boss.ts: jobDefaults and RETENTION, passed in as
-- :expireInSeconds and :keepUntil); retry_limit is the task's own. Per job, parallel arrays:
-- payload, singleton key, and the per-minute cap it counts against (key, cap, window start; NULL
-- for none).
--
-- With :unlessUnfinished, a job is not inserted while a queued, retrying or running job has its
-- singleton key (job_unfinished_singleton_idx): atomic only after LockSingletonKey in an earlier
-- statement of the same transaction (see queue.ts). Without it, the caller vouches that the keys
-- name rows its transaction created, so none can be taken yet (NewJob): nothing is looked up.
--
-- A job with a cap counts against it in the same statement (a round trip less for every capped
-- e-mail): each cap's counter in rate_limit_buckets goes up by its jobs, and they take the counts
-- one by one in the order given; the n-th job of a window with cap c, n > c, starts no earlier
-- than the window's end plus (n − c − 1) / c whole minutes: the first c over the cap in the next
-- minute, the next c in the one after, and so on. The cap's start comes from the caller's clock as
-- it is, even when the database's clock has passed it. Counted only when the queue exists, so the
-- retry after the queue's creation counts once.
--
-- What comes back: no row when the queue does not exist (pg-boss's send returns null then too);
-- else the new jobs' ids, how many there are, and whether any may start now (then idle workers
-- are woken once the transaction commits: queue.ts sends that NOTIFY after the commit, not in
-- here, see NotifyQueues).
WITH queue AS (
  SELECT name, policy, retry_limit, retry_delay, retry_backoff, expire_seconds, retention_minutes, dead_letter
    FROM pgboss.queue
   WHERE name = :name!
), wanted AS (
  SELECT j.data, j.singleton_key, j.cap_key, j.cap_per_minute, j.cap_window_start, j.position,
         row_number() OVER (PARTITION BY j.cap_key, j.cap_window_start ORDER BY j.position) AS place,
         count(*) OVER (PARTITION BY j.cap_key, j.cap_window_start) AS jobs_on_cap
    FROM unnest(:data!::jsonb[], :singletonKeys!::text[], :capKeys!::text[], :capPerMinutes!::int4[], :capWindowStarts!::timestamptz[])
           WITH ORDINALITY AS j(data, singleton_key, cap_key, cap_per_minute, cap_window_start, position)
), counted AS (
  INSERT INTO rate_limit_buckets AS b (key, window_start, count)
  SELECT w.cap_key, w.cap_window_start, count(*)
    FROM wanted w, queue
   WHERE w.cap_key IS NOT NULL
   GROUP BY w.cap_key, w.cap_window_start
   ORDER BY w.cap_key, w.cap_window_start
      ON CONFLICT (key, window_start) DO UPDATE SET count = b.count + excluded.count
  RETURNING b.key, b.window_start, b.count
), job AS (
  -- GREATEST ignores NULLs: the later of :startAfter and the cap's start, else now.
  SELECT w.data, w.singleton_key, w.position,
         COALESCE(GREATEST(:startAfter::timestamptz,
                           CASE WHEN c.count - w.jobs_on_cap + w.place > w.cap_per_minute
                                THEN w.cap_window_start + interval '1 minute' * (1 + (c.count - w.jobs_on_cap + w.place - w.cap_per_minute - 1) / w.cap_per_minute) END),
                  now()) AS start_after
    FROM wanted w
    LEFT JOIN counted c ON c.key = w.cap_key AND c.window_start = w.cap_window_start
), inserted AS (
  INSERT INTO pgboss.job (id, name, data, priority, start_after, singleton_key, singleton_on, dead_letter,
                          expire_in, keep_until, retry_limit, retry_delay, retry_backoff, policy)
  SELECT gen_random_uuid(), q.name, j.data, 0, j.start_after, j.singleton_key, NULL, q.dead_letter,
         COALESCE(q.expire_seconds * interval '1s', :expireInSeconds!::numeric * interval '1s'),
         j.start_after + CAST(COALESCE((q.retention_minutes * 60)::text, :keepUntil!::text) AS interval),
         COALESCE(:retryLimit!::int, q.retry_limit),
         CASE WHEN COALESCE(q.retry_backoff, :retryBackoff!::bool) THEN GREATEST(COALESCE(q.retry_delay, :retryDelay!::int), 1)
              ELSE COALESCE(q.retry_delay, :retryDelay!::int) END,
         COALESCE(q.retry_backoff, :retryBackoff!::bool), q.policy
    FROM queue q, job j
   WHERE NOT (:unlessUnfinished!::bool AND EXISTS (
           SELECT 1 FROM pgboss.job u
            WHERE u.name = q.name AND u.singleton_key = j.singleton_key AND u.state < 'completed'))
   ORDER BY j.position
  ON CONFLICT DO NOTHING
  RETURNING id, start_after
)
SELECT COALESCE((SELECT array_agg(id) FROM inserted), '{}')::uuid[] AS "ids!",
       COALESCE((SELECT bool_or(start_after <= now()) FROM inserted), false) AS "due!"
  FROM queue;

