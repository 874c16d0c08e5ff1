-- Tell every web process when the public catalog changes, so in-process caches of catalog
-- responses are dropped at once, whoever made the change (API, admin, CLI, a job or plain SQL).
-- One notification per statement, not per row: a bulk import does not flood the listeners, and
-- PostgreSQL folds identical notifications of one transaction into one, delivered at commit.

CREATE FUNCTION notify_catalog_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('ledgerline_catalog', TG_TABLE_NAME);
  RETURN NULL;
END
$$;

CREATE TRIGGER products_catalog_change
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON products
  FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_change();

CREATE TRIGGER categories_catalog_change
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON categories
  FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_change();
