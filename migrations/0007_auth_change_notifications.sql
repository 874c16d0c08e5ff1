-- Tell every web process when a credential stops being valid, so in-process caches of
-- authenticated principals are evicted at once, whoever made the change (API, admin, CLI or SQL).
-- NOTIFY is transactional: it is delivered when the change commits, never for a rolled-back one.

CREATE FUNCTION notify_auth_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'api_tokens' THEN
    PERFORM pg_notify('ledgerline_auth', 'token:' || OLD.id);
  ELSE
    PERFORM pg_notify('ledgerline_auth', 'user:' || OLD.id);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER api_tokens_auth_change
  AFTER UPDATE OF revoked_at, expires_at, user_id, token_hash OR DELETE ON api_tokens
  FOR EACH ROW EXECUTE FUNCTION notify_auth_change();

CREATE TRIGGER users_auth_change
  AFTER UPDATE OF is_active, is_staff OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION notify_auth_change();
