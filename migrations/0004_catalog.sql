-- The product catalog: categories and products. Prices are in the base currency (BASE_CURRENCY).
-- Products are soft-deleted (deleted_at) so that order items keep pointing at them.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE categories (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name       text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  slug       text        NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length(slug) <= 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT categories_name_key UNIQUE (name),
  CONSTRAINT categories_slug_key UNIQUE (slug)
);

CREATE TABLE products (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  description text        NOT NULL DEFAULT '' CHECK (char_length(description) <= 5000),
  price_cents bigint      NOT NULL CHECK (price_cents BETWEEN 1 AND 100000000),
  category_id bigint      REFERENCES categories (id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  deleted_at  timestamptz
);
-- Every catalog read filters on deleted_at IS NULL, so the indexes are partial.
CREATE INDEX products_live_id_idx ON products (id DESC) WHERE deleted_at IS NULL;
CREATE INDEX products_live_category_idx ON products (category_id, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX products_live_price_idx ON products (price_cents, id) WHERE deleted_at IS NULL;
CREATE INDEX products_live_name_idx ON products (name, id) WHERE deleted_at IS NULL;
-- Case-insensitive substring search (q) over name and description stays fast at millions of rows.
CREATE INDEX products_name_trgm_idx ON products USING gin (name gin_trgm_ops) WHERE deleted_at IS NULL;
CREATE INDEX products_description_trgm_idx ON products USING gin (description gin_trgm_ops) WHERE deleted_at IS NULL;
