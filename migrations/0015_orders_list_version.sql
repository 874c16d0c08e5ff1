-- A version of what a user's orders list shows, so that web processes may keep a rendered page
-- and send it again after one primary-key lookup confirms that nothing on it changed (see
-- docs/DECISIONS.md, "Orders pages are cached per process, checked on every request").
--
-- users.orders_version changes in the transaction that changes the list, whoever writes (API,
-- admin, CLI, a job or plain SQL): an order inserted, updated or deleted, a line updated or
-- deleted, the user's e-mail changed (the list shows it). Lines are inserted only with their
-- order, in the same statement (orders/queries.sql: InsertPricedOrder), so the order's insert
-- covers them; no trigger watches line inserts, which would cost every order a second update of
-- the user's row (measured: ~10 % of an order's database time).
--
-- A new order bumps its user from a row trigger (one order per statement: cheaper than capturing
-- a transition table); updates and deletes, which may touch many orders at once, bump each user
-- once per statement.
--
-- Versions come from one sequence, never reused: a user deleted and created again under the same
-- id (a restore, TRUNCATE … RESTART IDENTITY) cannot match a page kept for the old one. Rows that
-- exist now start at 0, a constant default (no table rewrite); new users draw from the sequence.

CREATE SEQUENCE orders_version_seq;
ALTER TABLE users ADD COLUMN orders_version bigint NOT NULL DEFAULT 0;
ALTER TABLE users ALTER COLUMN orders_version SET DEFAULT nextval('orders_version_seq');

CREATE FUNCTION bump_orders_version_of_new_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE users SET orders_version = nextval('orders_version_seq') WHERE id = NEW.user_id;
  RETURN NULL;
END
$$;

CREATE FUNCTION bump_orders_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- PL/pgSQL plans a statement when it first runs it, so each branch names only the transition
  -- tables its trigger declares. A deleted user's orders go with the user (ON DELETE CASCADE):
  -- their row is gone, and the UPDATE finds nothing to bump.
  IF TG_OP = 'TRUNCATE' THEN
    UPDATE users SET orders_version = nextval('orders_version_seq');
  ELSIF TG_TABLE_NAME = 'orders' AND TG_OP = 'UPDATE' THEN
    UPDATE users SET orders_version = nextval('orders_version_seq')
     WHERE id IN (SELECT user_id FROM new_rows UNION SELECT user_id FROM old_rows);
  ELSIF TG_TABLE_NAME = 'orders' THEN
    UPDATE users SET orders_version = nextval('orders_version_seq') WHERE id IN (SELECT user_id FROM old_rows);
  ELSIF TG_OP = 'UPDATE' THEN
    UPDATE users SET orders_version = nextval('orders_version_seq')
     WHERE id IN (SELECT o.user_id FROM orders o
                   WHERE o.id IN (SELECT order_id FROM new_rows UNION SELECT order_id FROM old_rows));
  ELSE
    UPDATE users SET orders_version = nextval('orders_version_seq')
     WHERE id IN (SELECT o.user_id FROM orders o JOIN old_rows i ON i.order_id = o.id);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER orders_list_version_insert
  AFTER INSERT ON orders
  FOR EACH ROW EXECUTE FUNCTION bump_orders_version_of_new_order();
CREATE TRIGGER orders_list_version_update
  AFTER UPDATE ON orders REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_orders_version();
CREATE TRIGGER orders_list_version_delete
  AFTER DELETE ON orders REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_orders_version();
CREATE TRIGGER orders_list_version_truncate
  AFTER TRUNCATE ON orders
  FOR EACH STATEMENT EXECUTE FUNCTION bump_orders_version();

CREATE TRIGGER order_items_list_version_update
  AFTER UPDATE ON order_items REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_orders_version();
CREATE TRIGGER order_items_list_version_delete
  AFTER DELETE ON order_items REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_orders_version();

CREATE FUNCTION bump_orders_version_on_email() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.orders_version := nextval('orders_version_seq');
  RETURN NEW;
END
$$;

CREATE TRIGGER users_list_version_email
  BEFORE UPDATE OF email ON users
  FOR EACH ROW WHEN (OLD.email IS DISTINCT FROM NEW.email)
  EXECUTE FUNCTION bump_orders_version_on_email();
