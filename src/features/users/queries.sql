/* @name InsertUser */
INSERT INTO users (email, name, password_hash, is_staff)
VALUES (:email!, :name!, :passwordHash!, :isStaff!)
RETURNING id, email, name, is_staff, balance_cents, created_at;

/* @name GetUserById */
SELECT id, email, name, is_staff, balance_cents, created_at
  FROM users
 WHERE id = :id!;

/* @name GetCredentialsByEmail */
SELECT id, password_hash, is_active
  FROM users
 WHERE email = :email!;

/* @name InsertApiToken */
INSERT INTO api_tokens (user_id, token_hash, created_at, expires_at)
VALUES (:userId!, :tokenHash!, :createdAt!, :expiresAt!)
RETURNING id, expires_at;

/* @name GetPrincipalByTokenHash */
-- Who a bearer token belongs to, in one statement: the token must be unrevoked and unexpired at
-- `now`, and its user still active.
SELECT t.id AS token_id, u.id AS user_id, u.is_staff, t.expires_at
  FROM api_tokens t
  JOIN users u ON u.id = t.user_id
 WHERE t.token_hash = :tokenHash!
   AND t.revoked_at IS NULL
   AND t.expires_at > :now!
   AND u.is_active;

/* @name RevokeApiToken */
UPDATE api_tokens
   SET revoked_at = :now!
 WHERE id = :tokenId!
   AND user_id = :userId!
   AND revoked_at IS NULL;

/* @name InsertLoginFailure */
INSERT INTO login_failures (email, client_ip, occurred_at)
VALUES (:email!, :clientIp!, :occurredAt!);

/* @name GetLoginThrottleState */
-- For each key (e-mail, client address): the time of its limit-th most recent failure inside the
-- window (offset = limit - 1), or NULL when it has fewer failures than the limit. A non-NULL value
-- means the key is blocked until that failure leaves the window. Each subquery reads at most
-- `limit` index entries, newest first, so the cost stays bounded however many failures pile up.
SELECT
  (SELECT occurred_at
     FROM login_failures
    WHERE email = :email! AND occurred_at > :since!
    ORDER BY occurred_at DESC
   OFFSET :emailOffset! LIMIT 1) AS email_blocked_since,
  (SELECT occurred_at
     FROM login_failures
    WHERE client_ip = :clientIp! AND occurred_at > :since!
    ORDER BY occurred_at DESC
   OFFSET :addressOffset! LIMIT 1) AS address_blocked_since;

/* @name DeleteExpiredApiTokens */
-- Housekeeping: up to `limit` tokens that expired before `before`, oldest first (api_tokens_expires_at_idx).
-- Batches keep each transaction short: every deleted row also NOTIFYs ledgerline_auth (trigger).
WITH doomed AS (
  SELECT id FROM api_tokens WHERE expires_at < :before! ORDER BY expires_at LIMIT :limit!
), deleted AS (
  DELETE FROM api_tokens t USING doomed WHERE t.id = doomed.id RETURNING 1
)
SELECT count(*)::int AS deleted FROM deleted;

/* @name DeleteLoginFailuresBefore */
-- Housekeeping: up to `limit` failures older than the throttle window (login_failures_occurred_at_idx).
WITH doomed AS (
  SELECT id FROM login_failures WHERE occurred_at < :before! ORDER BY occurred_at LIMIT :limit!
), deleted AS (
  DELETE FROM login_failures f USING doomed WHERE f.id = doomed.id RETURNING 1
)
SELECT count(*)::int AS deleted FROM deleted;

/* @name RevokeApiTokensForUser */
-- Every live token of a user at once (password reset). The api_tokens trigger (migrations/0007)
-- notifies every web process, whose principal caches then forget these tokens.
UPDATE api_tokens
   SET revoked_at = :now!
 WHERE user_id = :userId!
   AND revoked_at IS NULL;

/* @name UpdateUserPasswordHash */
UPDATE users
   SET password_hash = :passwordHash!
 WHERE id = :id!;

/* @name InsertPasswordResetForEmail */
-- A reset for the active user with this e-mail address, unless that user already asked for
-- :maxPerWindow resets since :since (throttled silently: the caller answers 202 either way). No
-- row back means an unknown address, an inactive user or a throttled one, all alike. The count
-- reads at most a few index entries (password_resets_user_idx); concurrent requests can overshoot
-- the limit by the number in flight, which is harmless.
INSERT INTO password_resets (user_id, token_hash, token_sealed, created_at, expires_at)
SELECT u.id, :tokenHash!, :tokenSealed!, :now!, :expiresAt!
  FROM users u
 WHERE u.email = :email!
   AND u.is_active
   AND (SELECT count(*)
          FROM password_resets r
         WHERE r.user_id = u.id AND r.created_at > :since!) < :maxPerWindow!::int8
RETURNING id, user_id;

/* @name GetOpenPasswordResetByTokenHash */
-- The reset a token opens: unused, unexpired at :now, and its user still active.
SELECT r.id, r.user_id, u.email
  FROM password_resets r
  JOIN users u ON u.id = r.user_id
 WHERE r.token_hash = :tokenHash!
   AND r.used_at IS NULL
   AND r.expires_at > :now!
   AND u.is_active;

/* @name UsePasswordReset */
-- Single use, decided by this conditional UPDATE: of two concurrent confirmations with the same
-- token, one matches and the other (re-checking after the row lock) matches nothing. The seal is
-- erased with it.
UPDATE password_resets
   SET used_at = :now!, token_sealed = NULL
 WHERE id = :id!
   AND used_at IS NULL
   AND expires_at > :now!
RETURNING user_id;

/* @name CloseOpenPasswordResetsForUser */
-- After a successful reset, the user's other outstanding links stop working too.
UPDATE password_resets
   SET used_at = :now!, token_sealed = NULL
 WHERE user_id = :userId!
   AND used_at IS NULL;

/* @name GetPasswordResetForNotification */
-- What the reset e-mail needs: the address, the name, the sealed token and whether it is still open.
SELECT r.id, r.token_hash, r.token_sealed, r.expires_at, r.used_at, u.email, u.name, u.is_active
  FROM password_resets r
  JOIN users u ON u.id = r.user_id
 WHERE r.id = :id!;

/* @name DeletePasswordResetsExpiredBefore */
-- Housekeeping: up to `limit` resets that expired before `before` (used or not), oldest first
-- (password_resets_expires_at_idx). The throttle only counts the last hour's, so these are dead.
WITH doomed AS (
  SELECT id FROM password_resets WHERE expires_at < :before! ORDER BY expires_at LIMIT :limit!
), deleted AS (
  DELETE FROM password_resets r USING doomed WHERE r.id = doomed.id RETURNING 1
)
SELECT count(*)::int AS deleted FROM deleted;

/* @name UpdateAccount */
-- Staff edit of an account; a NULL keeps the column as it is. The self-join on the locked row
-- gives the values before the change (was_active), in the same statement. The users trigger
-- (migrations/0007) NOTIFYs every web process when is_active or is_staff changes.
UPDATE users u
   SET email     = COALESCE(:email::text, u.email),
       name      = COALESCE(:name::text, u.name),
       is_staff  = COALESCE(:isStaff::boolean, u.is_staff),
       is_active = COALESCE(:isActive::boolean, u.is_active)
  FROM (SELECT id, is_active FROM users WHERE id = :id! FOR UPDATE) old
 WHERE u.id = old.id
RETURNING u.id, u.email, u.name, u.is_staff, u.is_active, u.balance_cents, u.created_at, old.is_active AS was_active;
