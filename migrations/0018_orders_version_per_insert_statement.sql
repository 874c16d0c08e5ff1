-- A new order bumps its user's orders_version once per INSERT statement, not once per row (0015).
-- Orders are now written in sets (orders/queries.sql: InsertOrders, one statement for every
-- balance order of the requests in flight), and a row trigger updated a user's row once for each
-- of their orders in the set: a third of the statement's time on the benchmark machine. A
-- statement trigger with a transition table updates each user once, as the UPDATE and DELETE
-- triggers already do. Same function, one more branch; same guarantee: the version changes in the
-- transaction that inserts the order.
CREATE OR REPLACE FUNCTION bump_orders_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- PL/pgSQL plans a statement when it first runs it, so each branch names only the transition
  -- tables its trigger declares. A deleted user's orders go with the user (ON DELETE CASCADE):
  -- their row is gone, and the UPDATE finds nothing to bump.
  IF TG_OP = 'TRUNCATE' THEN
    UPDATE users SET orders_version = nextval('orders_version_seq');
  ELSIF TG_TABLE_NAME = 'orders' AND TG_OP = 'INSERT' THEN
    UPDATE users SET orders_version = nextval('orders_version_seq') WHERE id IN (SELECT user_id FROM new_rows);
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

CREATE TRIGGER orders_list_version_insert_statement
  AFTER INSERT ON orders REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_orders_version();
DROP TRIGGER orders_list_version_insert ON orders;
DROP FUNCTION bump_orders_version_of_new_order();
