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
