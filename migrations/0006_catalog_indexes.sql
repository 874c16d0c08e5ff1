-- ledgerline:no-transaction
-- Catalog indexes, second pass (0004 had not shipped, but may already be applied on development
-- databases, so this is a new file rather than an edit).
--
-- 1. The default ordering (-created_at, and created_at) pages on (created_at, id): without this
--    index every first page would sort all live products. id order is no substitute: created_at
--    is the transaction's start time, so concurrent inserts can take ids out of created_at order.
--    CONCURRENTLY, so that building it never blocks writes to a live table; the DROP first clears
--    an INVALID index left by an interrupted build, so a rerun starts clean.
DROP INDEX CONCURRENTLY IF EXISTS products_live_created_idx;
CREATE INDEX CONCURRENTLY products_live_created_idx ON products (created_at, id) WHERE deleted_at IS NULL;

-- 2. The trigram indexes write through (fastupdate off). With GIN's default pending list, new
--    entries wait unsorted until a VACUUM, every search scans them all, and the planner prices
--    that in: after 50k inserts it chose a sequential scan (35 ms) over the index (2 ms once
--    vacuumed). The catalog is read far more than it is written, so each product write pays
--    instead (a few ms for a long description). Changing the option takes only a
--    SHARE UPDATE EXCLUSIVE lock; gin_clean_pending_list then merges what is already pending.
ALTER INDEX products_name_trgm_idx SET (fastupdate = off);
ALTER INDEX products_description_trgm_idx SET (fastupdate = off);
SELECT gin_clean_pending_list('products_name_trgm_idx'::regclass);
SELECT gin_clean_pending_list('products_description_trgm_idx'::regclass);
