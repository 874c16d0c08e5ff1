/* @name InsertAdminSession */
INSERT INTO admin_sessions (token_hash, user_id, csrf_token, created_at, last_seen_at)
VALUES (:tokenHash!, :userId!, :csrfToken!, :now!, :now!);

/* @name TouchAdminSession */
-- Reads and refreshes a session in one statement: it must be within both timeouts at `now` and
-- its user still an active staff member (a demoted user loses the admin on the next request).
UPDATE admin_sessions s
   SET last_seen_at = :now!
  FROM users u
 WHERE s.token_hash = :tokenHash!
   AND u.id = s.user_id
   AND u.is_staff
   AND u.is_active
   AND s.last_seen_at > :idleSince!
   AND s.created_at > :createdSince!
RETURNING s.user_id, s.csrf_token, u.email, u.name;

/* @name DeleteAdminSession */
DELETE FROM admin_sessions WHERE token_hash = :tokenHash!;

/* @name DeleteExpiredAdminSessions */
-- Housekeeping; admin_sessions stays small (one row per staff login), so one statement does.
WITH deleted AS (
  DELETE FROM admin_sessions WHERE last_seen_at <= :idleSince! OR created_at <= :createdSince!
  RETURNING 1
)
SELECT count(*)::int AS deleted FROM deleted;

/* @name DeleteAdminSessionsOfUser */
-- A password reset ends every admin session of the user (SPEC §9), on the reset's transaction.
DELETE FROM admin_sessions WHERE user_id = :userId!;

/* @name GetStaffUser */
SELECT id, email, is_staff, is_active FROM users WHERE id = :id!;

/* @name InsertAuditEntry */
INSERT INTO admin_audit_log (actor_id, actor_email, action, model, object_id, object_repr, summary, before, after)
VALUES (:actorId!, :actorEmail!, :action!, :model!, :objectId!, :objectRepr!, :summary!, :before, :after)
RETURNING id;
