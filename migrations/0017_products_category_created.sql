-- ledgerline:no-transaction
-- A product list within one category, in its default order (created_at, id): the first walk of a
-- search (src/platform/db/substring-search.ts) reads the category's newest 2,040 products, and
-- with only (category_id, id) to go by it walked the whole catalog's created_at index and kept
-- the category's rows: ~200,000 index rows, ~30 ms, for a category of 1 % of a million products.
-- This index reads exactly those rows. It starts with category_id, so it serves everything the
-- old one did (the product count per category, the empty-category check), which therefore goes.
-- CONCURRENTLY, so that neither step blocks writes to a live table; the first DROP clears an
-- INVALID index left by an interrupted build, so a rerun starts clean.
DROP INDEX CONCURRENTLY IF EXISTS products_live_category_created_idx;
CREATE INDEX CONCURRENTLY products_live_category_created_idx ON products (category_id, created_at, id) WHERE deleted_at IS NULL;
DROP INDEX CONCURRENTLY IF EXISTS products_live_category_idx;
