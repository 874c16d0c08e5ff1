/* @name ListCategories */
-- Keyset page on (name, id) ascending. The first page passes ('', 0), which every row follows
-- (names are never empty), so the keyset needs no NULL branch and stays an index condition.
-- product_count counts live products for each row of the page only (the LATERAL runs under the
-- LIMIT), through products_live_category_created_idx: one statement whatever the limit.
SELECT c.id, c.name, c.slug, n.product_count AS "product_count!"
  FROM categories c
  CROSS JOIN LATERAL (
    SELECT count(*) AS product_count
      FROM products p
     WHERE p.category_id = c.id AND p.deleted_at IS NULL
  ) n
 WHERE (c.name, c.id) > (:afterName!::text, :afterId!::int8)
 ORDER BY c.name, c.id
 LIMIT :limit!::int8;

/* @name InsertCategory */
-- Uniqueness is the constraints' to enforce (categories_name_key, categories_slug_key): a
-- look-up first would race with a concurrent insert of the same name.
INSERT INTO categories (name, slug)
VALUES (:name!, :slug!)
RETURNING id, name, slug, 0::int8 AS "product_count!";

/* @name UpdateCategory */
-- Renames a category (name and slug together, as they were checked together). The unique
-- constraints decide a clash, as on insert. No row back means no such category.
UPDATE categories c
   SET name = :name!, slug = :slug!
 WHERE c.id = :id!
RETURNING c.id, c.name, c.slug,
          (SELECT count(*) FROM products p WHERE p.category_id = c.id AND p.deleted_at IS NULL) AS "product_count!";

/* @name DeleteEmptyCategory */
-- Deletes a category only while no live product is in it: no row back means no such category,
-- in_use means it was refused. Soft-deleted products still pointing at it are uncategorised by
-- the foreign key (ON DELETE SET NULL). The row lock waits for a concurrent product insert
-- into the category to commit; one that slips in anyway (the EXISTS reads the statement's
-- snapshot) is uncategorised by the same foreign key, never left dangling.
WITH target AS (
  SELECT c.id,
         EXISTS (SELECT 1 FROM products p WHERE p.category_id = c.id AND p.deleted_at IS NULL) AS in_use
    FROM categories c
   WHERE c.id = :id!
     FOR UPDATE OF c
), deleted AS (
  DELETE FROM categories c
   USING target t
   WHERE c.id = t.id AND NOT t.in_use
  RETURNING c.id
)
SELECT t.in_use AS "in_use!", EXISTS (SELECT 1 FROM deleted) AS "deleted!"
  FROM target t;

/* @name GetLiveProduct */
-- A soft-deleted product is gone as far as the catalog is concerned.
-- ("?" aliases: pgtyped cannot see that a LEFT JOIN makes NOT NULL columns nullable.)
SELECT p.id, p.name, p.description, p.price_cents, p.created_at,
       c.id AS "category_id?", c.name AS "category_name?", c.slug AS "category_slug?"
  FROM products p
  LEFT JOIN categories c ON c.id = p.category_id
 WHERE p.id = :id! AND p.deleted_at IS NULL;

/* @name InsertProduct */
-- An unknown category_id fails the foreign key (23503), which the service reports on that field:
-- no look-up first, so a category cannot vanish between a check and the insert.
WITH inserted AS (
  INSERT INTO products (name, description, price_cents, category_id)
  VALUES (:name!, :description!, :priceCents!, :categoryId::int8)
  RETURNING id, name, description, price_cents, category_id, created_at
)
SELECT i.id AS "id!", i.name AS "name!", i.description AS "description!",
       i.price_cents AS "price_cents!", i.created_at AS "created_at!",
       c.id AS "category_id?", c.name AS "category_name?", c.slug AS "category_slug?"
  FROM inserted i
  LEFT JOIN categories c ON c.id = i.category_id;

/* @name UpdateLiveProduct */
-- Partial update of a live product: NULL keeps a NOT NULL column as it is; category_id needs a
-- flag because NULL is a value it may be set to. No row back means no live product (404); an
-- unknown category_id fails the foreign key (23503).
WITH updated AS (
  UPDATE products
     SET name        = COALESCE(:name::text, name),
         description = COALESCE(:description::text, description),
         price_cents = COALESCE(:priceCents::int8, price_cents),
         category_id = CASE WHEN :setCategory!::boolean THEN :categoryId::int8 ELSE category_id END
   WHERE id = :id! AND deleted_at IS NULL
  RETURNING id, name, description, price_cents, category_id, created_at
)
SELECT u.id AS "id!", u.name AS "name!", u.description AS "description!",
       u.price_cents AS "price_cents!", u.created_at AS "created_at!",
       c.id AS "category_id?", c.name AS "category_name?", c.slug AS "category_slug?"
  FROM updated u
  LEFT JOIN categories c ON c.id = u.category_id;

/* @name SoftDeleteProduct */
-- Products are never removed: order items keep pointing at them. Deleting twice is a 404.
UPDATE products
   SET deleted_at = now()
 WHERE id = :id! AND deleted_at IS NULL
RETURNING id;

/* @name ListProductsNewest */
-- ordering=-created_at (the default). One statement per ordering, so each plan can walk its own
-- index (products_live_created_idx here) and stop after LIMIT rows. Every filter is in the
-- statement: the category is matched by slug in a subquery (an unknown slug matches nothing),
-- the price bounds are always present (0 and 2^53-1 when absent). The keyset's first page passes
-- ('infinity', 0). created_us is created_at in whole microseconds for the cursor (a JS Date holds
-- milliseconds).
--
-- A search (an escaped ILIKE pattern) runs in one of two ways (product-list.ts): `pattern` is
-- matched against every live product, which the trigram indexes serve, or `windowPattern` only
-- against the first `window` rows of the ordering, a bounded walk whose plan does not depend on
-- the planner's estimate for the word. Without a search both are NULL and `window` is `limit`.
SELECT p.id, p.name, p.description, p.price_cents, p.created_at,
       (extract(epoch FROM p.created_at) * 1000000)::int8 AS "created_us!",
       c.id AS "category_id?", c.name AS "category_name?", c.slug AS "category_slug?"
  FROM (
    SELECT p.id, p.name, p.description, p.price_cents, p.created_at, p.category_id
      FROM products p
     WHERE p.deleted_at IS NULL
       AND (p.created_at, p.id) < (:afterCreatedAt!::timestamptz, :afterId!::int8)
       AND p.price_cents BETWEEN :minPriceCents!::int8 AND :maxPriceCents!::int8
       AND (:categorySlug::text IS NULL OR p.category_id = (SELECT id FROM categories WHERE slug = :categorySlug::text))
       AND (:pattern::text IS NULL OR p.name ILIKE :pattern::text OR p.description ILIKE :pattern::text)
     ORDER BY p.created_at DESC, p.id DESC
     LIMIT :window!::int8
  ) p
  LEFT JOIN categories c ON c.id = p.category_id
 WHERE (:windowPattern::text IS NULL OR p.name ILIKE :windowPattern::text OR p.description ILIKE :windowPattern::text)
 ORDER BY p.created_at DESC, p.id DESC
 LIMIT :limit!::int8;

/* @name ListProductsNewestUnfiltered */
-- ordering=-created_at with no filter at all: the catalog's front page, its most frequent read.
-- Without optional filters no plan can be wrong for other values, so this one runs as a named
-- prepared statement (parsed once per connection, its text not sent again), unlike the filtered
-- statements. Same columns, keyset and first page as ListProductsNewest.
SELECT p.id, p.name, p.description, p.price_cents, p.created_at,
       (extract(epoch FROM p.created_at) * 1000000)::int8 AS "created_us!",
       c.id AS "category_id?", c.name AS "category_name?", c.slug AS "category_slug?"
  FROM products p
  LEFT JOIN categories c ON c.id = p.category_id
 WHERE p.deleted_at IS NULL
   AND (p.created_at, p.id) < (:afterCreatedAt!::timestamptz, :afterId!::int8)
 ORDER BY p.created_at DESC, p.id DESC
 LIMIT :limit!::int8;

/* @name ListProductsOldest */
-- ordering=created_at: as ListProductsNewest, ascending; the first page passes ('-infinity', 0).
SELECT p.id, p.name, p.description, p.price_cents, p.created_at,
       (extract(epoch FROM p.created_at) * 1000000)::int8 AS "created_us!",
       c.id AS "category_id?", c.name AS "category_name?", c.slug AS "category_slug?"
  FROM (
    SELECT p.id, p.name, p.description, p.price_cents, p.created_at, p.category_id
      FROM products p
     WHERE p.deleted_at IS NULL
       AND (p.created_at, p.id) > (:afterCreatedAt!::timestamptz, :afterId!::int8)
       AND p.price_cents BETWEEN :minPriceCents!::int8 AND :maxPriceCents!::int8
       AND (:categorySlug::text IS NULL OR p.category_id = (SELECT id FROM categories WHERE slug = :categorySlug::text))
       AND (:pattern::text IS NULL OR p.name ILIKE :pattern::text OR p.description ILIKE :pattern::text)
     ORDER BY p.created_at, p.id
     LIMIT :window!::int8
  ) p
  LEFT JOIN categories c ON c.id = p.category_id
 WHERE (:windowPattern::text IS NULL OR p.name ILIKE :windowPattern::text OR p.description ILIKE :windowPattern::text)
 ORDER BY p.created_at, p.id
 LIMIT :limit!::int8;

/* @name ListProductsCheapest */
-- ordering=price_cents: keyset (price_cents, id) on products_live_price_idx; first page (0, 0).
SELECT p.id, p.name, p.description, p.price_cents, p.created_at,
       (extract(epoch FROM p.created_at) * 1000000)::int8 AS "created_us!",
       c.id AS "category_id?", c.name AS "category_name?", c.slug AS "category_slug?"
  FROM (
    SELECT p.id, p.name, p.description, p.price_cents, p.created_at, p.category_id
      FROM products p
     WHERE p.deleted_at IS NULL
       AND (p.price_cents, p.id) > (:afterPriceCents!::int8, :afterId!::int8)
       AND p.price_cents BETWEEN :minPriceCents!::int8 AND :maxPriceCents!::int8
       AND (:categorySlug::text IS NULL OR p.category_id = (SELECT id FROM categories WHERE slug = :categorySlug::text))
       AND (:pattern::text IS NULL OR p.name ILIKE :pattern::text OR p.description ILIKE :pattern::text)
     ORDER BY p.price_cents, p.id
     LIMIT :window!::int8
  ) p
  LEFT JOIN categories c ON c.id = p.category_id
 WHERE (:windowPattern::text IS NULL OR p.name ILIKE :windowPattern::text OR p.description ILIKE :windowPattern::text)
 ORDER BY p.price_cents, p.id
 LIMIT :limit!::int8;

/* @name ListProductsDearest */
-- ordering=-price_cents: the same index walked backwards; ties by id descending; the first page
-- passes (2^53-1, 2^53-1).
SELECT p.id, p.name, p.description, p.price_cents, p.created_at,
       (extract(epoch FROM p.created_at) * 1000000)::int8 AS "created_us!",
       c.id AS "category_id?", c.name AS "category_name?", c.slug AS "category_slug?"
  FROM (
    SELECT p.id, p.name, p.description, p.price_cents, p.created_at, p.category_id
      FROM products p
     WHERE p.deleted_at IS NULL
       AND (p.price_cents, p.id) < (:afterPriceCents!::int8, :afterId!::int8)
       AND p.price_cents BETWEEN :minPriceCents!::int8 AND :maxPriceCents!::int8
       AND (:categorySlug::text IS NULL OR p.category_id = (SELECT id FROM categories WHERE slug = :categorySlug::text))
       AND (:pattern::text IS NULL OR p.name ILIKE :pattern::text OR p.description ILIKE :pattern::text)
     ORDER BY p.price_cents DESC, p.id DESC
     LIMIT :window!::int8
  ) p
  LEFT JOIN categories c ON c.id = p.category_id
 WHERE (:windowPattern::text IS NULL OR p.name ILIKE :windowPattern::text OR p.description ILIKE :windowPattern::text)
 ORDER BY p.price_cents DESC, p.id DESC
 LIMIT :limit!::int8;

/* @name ListProductsByName */
-- ordering=name: keyset (name, id) on products_live_name_idx, in the database's collation;
-- the first page passes ('', 0), which every (non-empty) name follows.
SELECT p.id, p.name, p.description, p.price_cents, p.created_at,
       (extract(epoch FROM p.created_at) * 1000000)::int8 AS "created_us!",
       c.id AS "category_id?", c.name AS "category_name?", c.slug AS "category_slug?"
  FROM (
    SELECT p.id, p.name, p.description, p.price_cents, p.created_at, p.category_id
      FROM products p
     WHERE p.deleted_at IS NULL
       AND (p.name, p.id) > (:afterName!::text, :afterId!::int8)
       AND p.price_cents BETWEEN :minPriceCents!::int8 AND :maxPriceCents!::int8
       AND (:categorySlug::text IS NULL OR p.category_id = (SELECT id FROM categories WHERE slug = :categorySlug::text))
       AND (:pattern::text IS NULL OR p.name ILIKE :pattern::text OR p.description ILIKE :pattern::text)
     ORDER BY p.name, p.id
     LIMIT :window!::int8
  ) p
  LEFT JOIN categories c ON c.id = p.category_id
 WHERE (:windowPattern::text IS NULL OR p.name ILIKE :windowPattern::text OR p.description ILIKE :windowPattern::text)
 ORDER BY p.name, p.id
 LIMIT :limit!::int8;
