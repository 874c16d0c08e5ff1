/* @name GetSentEmail */
-- Whether the message with this Message-ID has already gone out (a retried job then does nothing).
SELECT message_id, sent_at
  FROM sent_emails
 WHERE message_id = :messageId!;

/* @name InsertSentEmail */
-- Recorded right after the mail server accepted the message. ON CONFLICT: two runs of the same job
-- that both sent (at least once) record it once.
INSERT INTO sent_emails (message_id, recipient)
VALUES (:messageId!, :recipient!)
ON CONFLICT (message_id) DO NOTHING;

/* @name DeleteSentEmailsBefore */
-- Housekeeping: up to `limit` records of messages sent before `before`, oldest first
-- (sent_emails_sent_at_idx). Only safe once no job could still retry them (see purgeOld).
WITH doomed AS (
  SELECT message_id FROM sent_emails WHERE sent_at < :before! ORDER BY sent_at LIMIT :limit!
), deleted AS (
  DELETE FROM sent_emails s USING doomed WHERE s.message_id = doomed.message_id RETURNING 1
)
SELECT count(*)::int AS deleted FROM deleted;
