/** Types generated for queries found in "src/features/catalog/queries.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type DateOrString = Date | string;

/** 'ListCategories' parameters type */
export interface IListCategoriesParams {
  afterId: number;
  afterName: string;
  limit: number;
}

/** 'ListCategories' return type */
export interface IListCategoriesResult {
  id: number;
  name: string;
  product_count: number;
  slug: string;
}

/** 'ListCategories' query type */
export interface IListCategoriesQuery {
  params: IListCategoriesParams;
  result: IListCategoriesResult;
}

const listCategoriesIR: any = {"usedParamSet":{"afterName":true,"afterId":true,"limit":true},"params":[{"name":"afterName","required":true,"transform":{"type":"scalar"},"locs":[{"a":628,"b":638}]},{"name":"afterId","required":true,"transform":{"type":"scalar"},"locs":[{"a":647,"b":655}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":694,"b":700}]}],"statement":"-- Keyset page on (name, id) ascending. The first page passes ('', 0), which every row follows\n-- (names are never empty), so the keyset needs no NULL branch and stays an index condition.\n-- product_count counts live products for each row of the page only (the LATERAL runs under the\n-- LIMIT), through products_live_category_created_idx: one statement whatever the limit.\nSELECT c.id, c.name, c.slug, n.product_count AS \"product_count!\"\n  FROM categories c\n  CROSS JOIN LATERAL (\n    SELECT count(*) AS product_count\n      FROM products p\n     WHERE p.category_id = c.id AND p.deleted_at IS NULL\n  ) n\n WHERE (c.name, c.id) > (:afterName!::text, :afterId!::int8)\n ORDER BY c.name, c.id\n LIMIT :limit!::int8"};

/**
 * Query generated from SQL:
 * ```
 * -- Keyset page on (name, id) ascending. The first page passes ('', 0), which every row follows
 * -- (names are never empty), so the keyset needs no NULL branch and stays an index condition.
 * -- product_count counts live products for each row of the page only (the LATERAL runs under the
 * -- LIMIT), through products_live_category_created_idx: one statement whatever the limit.
 * SELECT c.id, c.name, c.slug, n.product_count AS "product_count!"
 *   FROM categories c
 *   CROSS JOIN LATERAL (
 *     SELECT count(*) AS product_count
 *       FROM products p
 *      WHERE p.category_id = c.id AND p.deleted_at IS NULL
 *   ) n
 *  WHERE (c.name, c.id) > (:afterName!::text, :afterId!::int8)
 *  ORDER BY c.name, c.id
 *  LIMIT :limit!::int8
 * ```
 */
export const listCategories = new PreparedQuery<IListCategoriesParams,IListCategoriesResult>(listCategoriesIR);


/** 'InsertCategory' parameters type */
export interface IInsertCategoryParams {
  name: string;
  slug: string;
}

/** 'InsertCategory' return type */
export interface IInsertCategoryResult {
  id: number;
  name: string;
  product_count: number;
  slug: string;
}

/** 'InsertCategory' query type */
export interface IInsertCategoryQuery {
  params: IInsertCategoryParams;
  result: IInsertCategoryResult;
}

const insertCategoryIR: any = {"usedParamSet":{"name":true,"slug":true},"params":[{"name":"name","required":true,"transform":{"type":"scalar"},"locs":[{"a":206,"b":211}]},{"name":"slug","required":true,"transform":{"type":"scalar"},"locs":[{"a":214,"b":219}]}],"statement":"-- Uniqueness is the constraints' to enforce (categories_name_key, categories_slug_key): a\n-- look-up first would race with a concurrent insert of the same name.\nINSERT INTO categories (name, slug)\nVALUES (:name!, :slug!)\nRETURNING id, name, slug, 0::int8 AS \"product_count!\""};

/**
 * Query generated from SQL:
 * ```
 * -- Uniqueness is the constraints' to enforce (categories_name_key, categories_slug_key): a
 * -- look-up first would race with a concurrent insert of the same name.
 * INSERT INTO categories (name, slug)
 * VALUES (:name!, :slug!)
 * RETURNING id, name, slug, 0::int8 AS "product_count!"
 * ```
 */
export const insertCategory = new PreparedQuery<IInsertCategoryParams,IInsertCategoryResult>(insertCategoryIR);


/** 'UpdateCategory' parameters type */
export interface IUpdateCategoryParams {
  id: number;
  name: string;
  slug: string;
}

/** 'UpdateCategory' return type */
export interface IUpdateCategoryResult {
  id: number;
  name: string;
  product_count: number;
  slug: string;
}

/** 'UpdateCategory' query type */
export interface IUpdateCategoryQuery {
  params: IUpdateCategoryParams;
  result: IUpdateCategoryResult;
}

const updateCategoryIR: any = {"usedParamSet":{"name":true,"slug":true,"id":true},"params":[{"name":"name","required":true,"transform":{"type":"scalar"},"locs":[{"a":205,"b":210}]},{"name":"slug","required":true,"transform":{"type":"scalar"},"locs":[{"a":220,"b":225}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":241,"b":244}]}],"statement":"-- Renames a category (name and slug together, as they were checked together). The unique\n-- constraints decide a clash, as on insert. No row back means no such category.\nUPDATE categories c\n   SET name = :name!, slug = :slug!\n WHERE c.id = :id!\nRETURNING c.id, c.name, c.slug,\n          (SELECT count(*) FROM products p WHERE p.category_id = c.id AND p.deleted_at IS NULL) AS \"product_count!\""};

/**
 * Query generated from SQL:
 * ```
 * -- Renames a category (name and slug together, as they were checked together). The unique
 * -- constraints decide a clash, as on insert. No row back means no such category.
 * UPDATE categories c
 *    SET name = :name!, slug = :slug!
 *  WHERE c.id = :id!
 * RETURNING c.id, c.name, c.slug,
 *           (SELECT count(*) FROM products p WHERE p.category_id = c.id AND p.deleted_at IS NULL) AS "product_count!"
 * ```
 */
export const updateCategory = new PreparedQuery<IUpdateCategoryParams,IUpdateCategoryResult>(updateCategoryIR);


/** 'DeleteEmptyCategory' parameters type */
export interface IDeleteEmptyCategoryParams {
  id: number;
}

/** 'DeleteEmptyCategory' return type */
export interface IDeleteEmptyCategoryResult {
  deleted: boolean;
  in_use: boolean;
}

/** 'DeleteEmptyCategory' query type */
export interface IDeleteEmptyCategoryQuery {
  params: IDeleteEmptyCategoryParams;
  result: IDeleteEmptyCategoryResult;
}

const deleteEmptyCategoryIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":625,"b":628}]}],"statement":"-- Deletes a category only while no live product is in it: no row back means no such category,\n-- in_use means it was refused. Soft-deleted products still pointing at it are uncategorised by\n-- the foreign key (ON DELETE SET NULL). The row lock waits for a concurrent product insert\n-- into the category to commit; one that slips in anyway (the EXISTS reads the statement's\n-- snapshot) is uncategorised by the same foreign key, never left dangling.\nWITH target AS (\n  SELECT c.id,\n         EXISTS (SELECT 1 FROM products p WHERE p.category_id = c.id AND p.deleted_at IS NULL) AS in_use\n    FROM categories c\n   WHERE c.id = :id!\n     FOR UPDATE OF c\n), deleted AS (\n  DELETE FROM categories c\n   USING target t\n   WHERE c.id = t.id AND NOT t.in_use\n  RETURNING c.id\n)\nSELECT t.in_use AS \"in_use!\", EXISTS (SELECT 1 FROM deleted) AS \"deleted!\"\n  FROM target t"};

/**
 * Query generated from SQL:
 * ```
 * -- Deletes a category only while no live product is in it: no row back means no such category,
 * -- in_use means it was refused. Soft-deleted products still pointing at it are uncategorised by
 * -- the foreign key (ON DELETE SET NULL). The row lock waits for a concurrent product insert
 * -- into the category to commit; one that slips in anyway (the EXISTS reads the statement's
 * -- snapshot) is uncategorised by the same foreign key, never left dangling.
 * WITH target AS (
 *   SELECT c.id,
 *          EXISTS (SELECT 1 FROM products p WHERE p.category_id = c.id AND p.deleted_at IS NULL) AS in_use
 *     FROM categories c
 *    WHERE c.id = :id!
 *      FOR UPDATE OF c
 * ), deleted AS (
 *   DELETE FROM categories c
 *    USING target t
 *    WHERE c.id = t.id AND NOT t.in_use
 *   RETURNING c.id
 * )
 * SELECT t.in_use AS "in_use!", EXISTS (SELECT 1 FROM deleted) AS "deleted!"
 *   FROM target t
 * ```
 */
export const deleteEmptyCategory = new PreparedQuery<IDeleteEmptyCategoryParams,IDeleteEmptyCategoryResult>(deleteEmptyCategoryIR);


/** 'GetLiveProduct' parameters type */
export interface IGetLiveProductParams {
  id: number;
}

/** 'GetLiveProduct' return type */
export interface IGetLiveProductResult {
  category_id: number | null;
  category_name: string | null;
  category_slug: string | null;
  created_at: Date;
  description: string;
  id: number;
  name: string;
  price_cents: number;
}

/** 'GetLiveProduct' query type */
export interface IGetLiveProductQuery {
  params: IGetLiveProductParams;
  result: IGetLiveProductResult;
}

const getLiveProductIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":389,"b":392}]}],"statement":"-- A soft-deleted product is gone as far as the catalog is concerned.\n-- (\"?\" aliases: pgtyped cannot see that a LEFT JOIN makes NOT NULL columns nullable.)\nSELECT p.id, p.name, p.description, p.price_cents, p.created_at,\n       c.id AS \"category_id?\", c.name AS \"category_name?\", c.slug AS \"category_slug?\"\n  FROM products p\n  LEFT JOIN categories c ON c.id = p.category_id\n WHERE p.id = :id! AND p.deleted_at IS NULL"};

/**
 * Query generated from SQL:
 * ```
 * -- A soft-deleted product is gone as far as the catalog is concerned.
 * -- ("?" aliases: pgtyped cannot see that a LEFT JOIN makes NOT NULL columns nullable.)
 * SELECT p.id, p.name, p.description, p.price_cents, p.created_at,
 *        c.id AS "category_id?", c.name AS "category_name?", c.slug AS "category_slug?"
 *   FROM products p
 *   LEFT JOIN categories c ON c.id = p.category_id
 *  WHERE p.id = :id! AND p.deleted_at IS NULL
 * ```
 */
export const getLiveProduct = new PreparedQuery<IGetLiveProductParams,IGetLiveProductResult>(getLiveProductIR);


/** 'InsertProduct' parameters type */
export interface IInsertProductParams {
  categoryId?: number | null | void;
  description: string;
  name: string;
  priceCents: number;
}

/** 'InsertProduct' return type */
export interface IInsertProductResult {
  category_id: number | null;
  category_name: string | null;
  category_slug: string | null;
  created_at: Date;
  description: string;
  id: number;
  name: string;
  price_cents: number;
}

/** 'InsertProduct' query type */
export interface IInsertProductQuery {
  params: IInsertProductParams;
  result: IInsertProductResult;
}

const insertProductIR: any = {"usedParamSet":{"name":true,"description":true,"priceCents":true,"categoryId":true},"params":[{"name":"name","required":true,"transform":{"type":"scalar"},"locs":[{"a":277,"b":282}]},{"name":"description","required":true,"transform":{"type":"scalar"},"locs":[{"a":285,"b":297}]},{"name":"priceCents","required":true,"transform":{"type":"scalar"},"locs":[{"a":300,"b":311}]},{"name":"categoryId","required":false,"transform":{"type":"scalar"},"locs":[{"a":314,"b":324}]}],"statement":"-- An unknown category_id fails the foreign key (23503), which the service reports on that field:\n-- no look-up first, so a category cannot vanish between a check and the insert.\nWITH inserted AS (\n  INSERT INTO products (name, description, price_cents, category_id)\n  VALUES (:name!, :description!, :priceCents!, :categoryId::int8)\n  RETURNING id, name, description, price_cents, category_id, created_at\n)\nSELECT i.id AS \"id!\", i.name AS \"name!\", i.description AS \"description!\",\n       i.price_cents AS \"price_cents!\", i.created_at AS \"created_at!\",\n       c.id AS \"category_id?\", c.name AS \"category_name?\", c.slug AS \"category_slug?\"\n  FROM inserted i\n  LEFT JOIN categories c ON c.id = i.category_id"};

/**
 * Query generated from SQL:
 * ```
 * -- An unknown category_id fails the foreign key (23503), which the service reports on that field:
 * -- no look-up first, so a category cannot vanish between a check and the insert.
 * WITH inserted AS (
 *   INSERT INTO products (name, description, price_cents, category_id)
 *   VALUES (:name!, :description!, :priceCents!, :categoryId::int8)
 *   RETURNING id, name, description, price_cents, category_id, created_at
 * )
 * SELECT i.id AS "id!", i.name AS "name!", i.description AS "description!",
 *        i.price_cents AS "price_cents!", i.created_at AS "created_at!",
 *        c.id AS "category_id?", c.name AS "category_name?", c.slug AS "category_slug?"
 *   FROM inserted i
 *   LEFT JOIN categories c ON c.id = i.category_id
 * ```
 */
export const insertProduct = new PreparedQuery<IInsertProductParams,IInsertProductResult>(insertProductIR);


/** 'UpdateLiveProduct' parameters type */
export interface IUpdateLiveProductParams {
  categoryId?: number | null | void;
  description?: string | null | void;
  id: number;
  name?: string | null | void;
  priceCents?: number | null | void;
  setCategory: boolean;
}

/** 'UpdateLiveProduct' return type */
export interface IUpdateLiveProductResult {
  category_id: number | null;
  category_name: string | null;
  category_slug: string | null;
  created_at: Date;
  description: string;
  id: number;
  name: string;
  price_cents: number;
}

/** 'UpdateLiveProduct' query type */
export interface IUpdateLiveProductQuery {
  params: IUpdateLiveProductParams;
  result: IUpdateLiveProductResult;
}

const updateLiveProductIR: any = {"usedParamSet":{"name":true,"description":true,"priceCents":true,"setCategory":true,"categoryId":true,"id":true},"params":[{"name":"name","required":false,"transform":{"type":"scalar"},"locs":[{"a":312,"b":316}]},{"name":"description","required":false,"transform":{"type":"scalar"},"locs":[{"a":364,"b":375}]},{"name":"priceCents","required":false,"transform":{"type":"scalar"},"locs":[{"a":430,"b":440}]},{"name":"setCategory","required":true,"transform":{"type":"scalar"},"locs":[{"a":496,"b":508}]},{"name":"categoryId","required":false,"transform":{"type":"scalar"},"locs":[{"a":524,"b":534}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":577,"b":580}]}],"statement":"-- Partial update of a live product: NULL keeps a NOT NULL column as it is; category_id needs a\n-- flag because NULL is a value it may be set to. No row back means no live product (404); an\n-- unknown category_id fails the foreign key (23503).\nWITH updated AS (\n  UPDATE products\n     SET name        = COALESCE(:name::text, name),\n         description = COALESCE(:description::text, description),\n         price_cents = COALESCE(:priceCents::int8, price_cents),\n         category_id = CASE WHEN :setCategory!::boolean THEN :categoryId::int8 ELSE category_id END\n   WHERE id = :id! AND deleted_at IS NULL\n  RETURNING id, name, description, price_cents, category_id, created_at\n)\nSELECT u.id AS \"id!\", u.name AS \"name!\", u.description AS \"description!\",\n       u.price_cents AS \"price_cents!\", u.created_at AS \"created_at!\",\n       c.id AS \"category_id?\", c.name AS \"category_name?\", c.slug AS \"category_slug?\"\n  FROM updated u\n  LEFT JOIN categories c ON c.id = u.category_id"};

/**
 * Query generated from SQL:
 * ```
 * -- Partial update of a live product: NULL keeps a NOT NULL column as it is; category_id needs a
 * -- flag because NULL is a value it may be set to. No row back means no live product (404); an
 * -- unknown category_id fails the foreign key (23503).
 * WITH updated AS (
 *   UPDATE products
 *      SET name        = COALESCE(:name::text, name),
 *          description = COALESCE(:description::text, description),
 *          price_cents = COALESCE(:priceCents::int8, price_cents),
 *          category_id = CASE WHEN :setCategory!::boolean THEN :categoryId::int8 ELSE category_id END
 *    WHERE id = :id! AND deleted_at IS NULL
 *   RETURNING id, name, description, price_cents, category_id, created_at
 * )
 * SELECT u.id AS "id!", u.name AS "name!", u.description AS "description!",
 *        u.price_cents AS "price_cents!", u.created_at AS "created_at!",
 *        c.id AS "category_id?", c.name AS "category_name?", c.slug AS "category_slug?"
 *   FROM updated u
 *   LEFT JOIN categories c ON c.id = u.category_id
 * ```
 */
export const updateLiveProduct = new PreparedQuery<IUpdateLiveProductParams,IUpdateLiveProductResult>(updateLiveProductIR);


/** 'SoftDeleteProduct' parameters type */
export interface ISoftDeleteProductParams {
  id: number;
}

/** 'SoftDeleteProduct' return type */
export interface ISoftDeleteProductResult {
  id: number;
}

/** 'SoftDeleteProduct' query type */
export interface ISoftDeleteProductQuery {
  params: ISoftDeleteProductParams;
  result: ISoftDeleteProductResult;
}

const softDeleteProductIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":145,"b":148}]}],"statement":"-- Products are never removed: order items keep pointing at them. Deleting twice is a 404.\nUPDATE products\n   SET deleted_at = now()\n WHERE id = :id! AND deleted_at IS NULL\nRETURNING id"};

/**
 * Query generated from SQL:
 * ```
 * -- Products are never removed: order items keep pointing at them. Deleting twice is a 404.
 * UPDATE products
 *    SET deleted_at = now()
 *  WHERE id = :id! AND deleted_at IS NULL
 * RETURNING id
 * ```
 */
export const softDeleteProduct = new PreparedQuery<ISoftDeleteProductParams,ISoftDeleteProductResult>(softDeleteProductIR);


/** 'ListProductsNewest' parameters type */
export interface IListProductsNewestParams {
  afterCreatedAt: DateOrString;
  afterId: number;
  categorySlug?: string | null | void;
  limit: number;
  maxPriceCents: number;
  minPriceCents: number;
  pattern?: string | null | void;
  window: number;
  windowPattern?: string | null | void;
}

/** 'ListProductsNewest' return type */
export interface IListProductsNewestResult {
  category_id: number | null;
  category_name: string | null;
  category_slug: string | null;
  created_at: Date;
  created_us: number;
  description: string;
  id: number;
  name: string;
  price_cents: number;
}

/** 'ListProductsNewest' query type */
export interface IListProductsNewestQuery {
  params: IListProductsNewestParams;
  result: IListProductsNewestResult;
}

const listProductsNewestIR: any = {"usedParamSet":{"afterCreatedAt":true,"afterId":true,"minPriceCents":true,"maxPriceCents":true,"categorySlug":true,"pattern":true,"window":true,"windowPattern":true,"limit":true},"params":[{"name":"afterCreatedAt","required":true,"transform":{"type":"scalar"},"locs":[{"a":1294,"b":1309}]},{"name":"afterId","required":true,"transform":{"type":"scalar"},"locs":[{"a":1325,"b":1333}]},{"name":"minPriceCents","required":true,"transform":{"type":"scalar"},"locs":[{"a":1375,"b":1389}]},{"name":"maxPriceCents","required":true,"transform":{"type":"scalar"},"locs":[{"a":1401,"b":1415}]},{"name":"categorySlug","required":false,"transform":{"type":"scalar"},"locs":[{"a":1435,"b":1447},{"a":1522,"b":1534}]},{"name":"pattern","required":false,"transform":{"type":"scalar"},"locs":[{"a":1556,"b":1563},{"a":1595,"b":1602},{"a":1633,"b":1640}]},{"name":"window","required":true,"transform":{"type":"scalar"},"locs":[{"a":1703,"b":1710}]},{"name":"windowPattern","required":false,"transform":{"type":"scalar"},"locs":[{"a":1781,"b":1794},{"a":1826,"b":1839},{"a":1870,"b":1883}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":1938,"b":1944}]}],"statement":"-- ordering=-created_at (the default). One statement per ordering, so each plan can walk its own\n-- index (products_live_created_idx here) and stop after LIMIT rows. Every filter is in the\n-- statement: the category is matched by slug in a subquery (an unknown slug matches nothing),\n-- the price bounds are always present (0 and 2^53-1 when absent). The keyset's first page passes\n-- ('infinity', 0). created_us is created_at in whole microseconds for the cursor (a JS Date holds\n-- milliseconds).\n--\n-- A search (an escaped ILIKE pattern) runs in one of two ways (product-list.ts): `pattern` is\n-- matched against every live product, which the trigram indexes serve, or `windowPattern` only\n-- against the first `window` rows of the ordering, a bounded walk whose plan does not depend on\n-- the planner's estimate for the word. Without a search both are NULL and `window` is `limit`.\nSELECT p.id, p.name, p.description, p.price_cents, p.created_at,\n       (extract(epoch FROM p.created_at) * 1000000)::int8 AS \"created_us!\",\n       c.id AS \"category_id?\", c.name AS \"category_name?\", c.slug AS \"category_slug?\"\n  FROM (\n    SELECT p.id, p.name, p.description, p.price_cents, p.created_at, p.category_id\n      FROM products p\n     WHERE p.deleted_at IS NULL\n       AND (p.created_at, p.id) < (:afterCreatedAt!::timestamptz, :afterId!::int8)\n       AND p.price_cents BETWEEN :minPriceCents!::int8 AND :maxPriceCents!::int8\n       AND (:categorySlug::text IS NULL OR p.category_id = (SELECT id FROM categories WHERE slug = :categorySlug::text))\n       AND (:pattern::text IS NULL OR p.name ILIKE :pattern::text OR p.description ILIKE :pattern::text)\n     ORDER BY p.created_at DESC, p.id DESC\n     LIMIT :window!::int8\n  ) p\n  LEFT JOIN categories c ON c.id = p.category_id\n WHERE (:windowPattern::text IS NULL OR p.name ILIKE :windowPattern::text OR p.description ILIKE :windowPattern::text)\n ORDER BY p.created_at DESC, p.id DESC\n LIMIT :limit!::int8"};

/**
 * Query generated from SQL:
 * ```
 * -- ordering=-created_at (the default). One statement per ordering, so each plan can walk its own
 * -- index (products_live_created_idx here) and stop after LIMIT rows. Every filter is in the
 * -- statement: the category is matched by slug in a subquery (an unknown slug matches nothing),
 * -- the price bounds are always present (0 and 2^53-1 when absent). The keyset's first page passes
 * -- ('infinity', 0). created_us is created_at in whole microseconds for the cursor (a JS Date holds
 * -- milliseconds).
 * --
 * -- A search (an escaped ILIKE pattern) runs in one of two ways (product-list.ts): `pattern` is
 * -- matched against every live product, which the trigram indexes serve, or `windowPattern` only
 * -- against the first `window` rows of the ordering, a bounded walk whose plan does not depend on
 * -- the planner's estimate for the word. Without a search both are NULL and `window` is `limit`.
 * SELECT p.id, p.name, p.description, p.price_cents, p.created_at,
 *        (extract(epoch FROM p.created_at) * 1000000)::int8 AS "created_us!",
 *        c.id AS "category_id?", c.name AS "category_name?", c.slug AS "category_slug?"
 *   FROM (
 *     SELECT p.id, p.name, p.description, p.price_cents, p.created_at, p.category_id
 *       FROM products p
 *      WHERE p.deleted_at IS NULL
 *        AND (p.created_at, p.id) < (:afterCreatedAt!::timestamptz, :afterId!::int8)
 *        AND p.price_cents BETWEEN :minPriceCents!::int8 AND :maxPriceCents!::int8
 *        AND (:categorySlug::text IS NULL OR p.category_id = (SELECT id FROM categories WHERE slug = :categorySlug::text))
 *        AND (:pattern::text IS NULL OR p.name ILIKE :pattern::text OR p.description ILIKE :pattern::text)
 *      ORDER BY p.created_at DESC, p.id DESC
 *      LIMIT :window!::int8
 *   ) p
 *   LEFT JOIN categories c ON c.id = p.category_id
 *  WHERE (:windowPattern::text IS NULL OR p.name ILIKE :windowPattern::text OR p.description ILIKE :windowPattern::text)
 *  ORDER BY p.created_at DESC, p.id DESC
 *  LIMIT :limit!::int8
 * ```
 */
export const listProductsNewest = new PreparedQuery<IListProductsNewestParams,IListProductsNewestResult>(listProductsNewestIR);


/** 'ListProductsNewestUnfiltered' parameters type */
export interface IListProductsNewestUnfilteredParams {
  afterCreatedAt: DateOrString;
  afterId: number;
  limit: number;
}

/** 'ListProductsNewestUnfiltered' return type */
export interface IListProductsNewestUnfilteredResult {
  category_id: number | null;
  category_name: string | null;
  category_slug: string | null;
  created_at: Date;
  created_us: number;
  description: string;
  id: number;
  name: string;
  price_cents: number;
}

/** 'ListProductsNewestUnfiltered' query type */
export interface IListProductsNewestUnfilteredQuery {
  params: IListProductsNewestUnfilteredParams;
  result: IListProductsNewestUnfilteredResult;
}

const listProductsNewestUnfilteredIR: any = {"usedParamSet":{"afterCreatedAt":true,"afterId":true,"limit":true},"params":[{"name":"afterCreatedAt","required":true,"transform":{"type":"scalar"},"locs":[{"a":716,"b":731}]},{"name":"afterId","required":true,"transform":{"type":"scalar"},"locs":[{"a":747,"b":755}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":810,"b":816}]}],"statement":"-- ordering=-created_at with no filter at all: the catalog's front page, its most frequent read.\n-- Without optional filters no plan can be wrong for other values, so this one runs as a named\n-- prepared statement (parsed once per connection, its text not sent again), unlike the filtered\n-- statements. Same columns, keyset and first page as ListProductsNewest.\nSELECT p.id, p.name, p.description, p.price_cents, p.created_at,\n       (extract(epoch FROM p.created_at) * 1000000)::int8 AS \"created_us!\",\n       c.id AS \"category_id?\", c.name AS \"category_name?\", c.slug AS \"category_slug?\"\n  FROM products p\n  LEFT JOIN categories c ON c.id = p.category_id\n WHERE p.deleted_at IS NULL\n   AND (p.created_at, p.id) < (:afterCreatedAt!::timestamptz, :afterId!::int8)\n ORDER BY p.created_at DESC, p.id DESC\n LIMIT :limit!::int8"};

/**
 * Query generated from SQL:
 * ```
 * -- ordering=-created_at with no filter at all: the catalog's front page, its most frequent read.
 * -- Without optional filters no plan can be wrong for other values, so this one runs as a named
 * -- prepared statement (parsed once per connection, its text not sent again), unlike the filtered
 * -- statements. Same columns, keyset and first page as ListProductsNewest.
 * SELECT p.id, p.name, p.description, p.price_cents, p.created_at,
 *        (extract(epoch FROM p.created_at) * 1000000)::int8 AS "created_us!",
 *        c.id AS "category_id?", c.name AS "category_name?", c.slug AS "category_slug?"
 *   FROM products p
 *   LEFT JOIN categories c ON c.id = p.category_id
 *  WHERE p.deleted_at IS NULL
 *    AND (p.created_at, p.id) < (:afterCreatedAt!::timestamptz, :afterId!::int8)
 *  ORDER BY p.created_at DESC, p.id DESC
 *  LIMIT :limit!::int8
 * ```
 */
export const listProductsNewestUnfiltered = new PreparedQuery<IListProductsNewestUnfilteredParams,IListProductsNewestUnfilteredResult>(listProductsNewestUnfilteredIR);


/** 'ListProductsOldest' parameters type */
export interface IListProductsOldestParams {
  afterCreatedAt: DateOrString;
  afterId: number;
  categorySlug?: string | null | void;
  limit: number;
  maxPriceCents: number;
  minPriceCents: number;
  pattern?: string | null | void;
  window: number;
  windowPattern?: string | null | void;
}

/** 'ListProductsOldest' return type */
export interface IListProductsOldestResult {
  category_id: number | null;
  category_name: string | null;
  category_slug: string | null;
  created_at: Date;
  created_us: number;
  description: string;
  id: number;
  name: string;
  price_cents: number;
}

/** 'ListProductsOldest' query type */
export interface IListProductsOldestQuery {
  params: IListProductsOldestParams;
  result: IListProductsOldestResult;
}

const listProductsOldestIR: any = {"usedParamSet":{"afterCreatedAt":true,"afterId":true,"minPriceCents":true,"maxPriceCents":true,"categorySlug":true,"pattern":true,"window":true,"windowPattern":true,"limit":true},"params":[{"name":"afterCreatedAt","required":true,"transform":{"type":"scalar"},"locs":[{"a":506,"b":521}]},{"name":"afterId","required":true,"transform":{"type":"scalar"},"locs":[{"a":537,"b":545}]},{"name":"minPriceCents","required":true,"transform":{"type":"scalar"},"locs":[{"a":587,"b":601}]},{"name":"maxPriceCents","required":true,"transform":{"type":"scalar"},"locs":[{"a":613,"b":627}]},{"name":"categorySlug","required":false,"transform":{"type":"scalar"},"locs":[{"a":647,"b":659},{"a":734,"b":746}]},{"name":"pattern","required":false,"transform":{"type":"scalar"},"locs":[{"a":768,"b":775},{"a":807,"b":814},{"a":845,"b":852}]},{"name":"window","required":true,"transform":{"type":"scalar"},"locs":[{"a":905,"b":912}]},{"name":"windowPattern","required":false,"transform":{"type":"scalar"},"locs":[{"a":983,"b":996},{"a":1028,"b":1041},{"a":1072,"b":1085}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":1130,"b":1136}]}],"statement":"-- ordering=created_at: as ListProductsNewest, ascending; the first page passes ('-infinity', 0).\nSELECT p.id, p.name, p.description, p.price_cents, p.created_at,\n       (extract(epoch FROM p.created_at) * 1000000)::int8 AS \"created_us!\",\n       c.id AS \"category_id?\", c.name AS \"category_name?\", c.slug AS \"category_slug?\"\n  FROM (\n    SELECT p.id, p.name, p.description, p.price_cents, p.created_at, p.category_id\n      FROM products p\n     WHERE p.deleted_at IS NULL\n       AND (p.created_at, p.id) > (:afterCreatedAt!::timestamptz, :afterId!::int8)\n       AND p.price_cents BETWEEN :minPriceCents!::int8 AND :maxPriceCents!::int8\n       AND (:categorySlug::text IS NULL OR p.category_id = (SELECT id FROM categories WHERE slug = :categorySlug::text))\n       AND (:pattern::text IS NULL OR p.name ILIKE :pattern::text OR p.description ILIKE :pattern::text)\n     ORDER BY p.created_at, p.id\n     LIMIT :window!::int8\n  ) p\n  LEFT JOIN categories c ON c.id = p.category_id\n WHERE (:windowPattern::text IS NULL OR p.name ILIKE :windowPattern::text OR p.description ILIKE :windowPattern::text)\n ORDER BY p.created_at, p.id\n LIMIT :limit!::int8"};

/**
 * Query generated from SQL:
 * ```
 * -- ordering=created_at: as ListProductsNewest, ascending; the first page passes ('-infinity', 0).
 * SELECT p.id, p.name, p.description, p.price_cents, p.created_at,
 *        (extract(epoch FROM p.created_at) * 1000000)::int8 AS "created_us!",
 *        c.id AS "category_id?", c.name AS "category_name?", c.slug AS "category_slug?"
 *   FROM (
 *     SELECT p.id, p.name, p.description, p.price_cents, p.created_at, p.category_id
 *       FROM products p
 *      WHERE p.deleted_at IS NULL
 *        AND (p.created_at, p.id) > (:afterCreatedAt!::timestamptz, :afterId!::int8)
 *        AND p.price_cents BETWEEN :minPriceCents!::int8 AND :maxPriceCents!::int8
 *        AND (:categorySlug::text IS NULL OR p.category_id = (SELECT id FROM categories WHERE slug = :categorySlug::text))
 *        AND (:pattern::text IS NULL OR p.name ILIKE :pattern::text OR p.description ILIKE :pattern::text)
 *      ORDER BY p.created_at, p.id
 *      LIMIT :window!::int8
 *   ) p
 *   LEFT JOIN categories c ON c.id = p.category_id
 *  WHERE (:windowPattern::text IS NULL OR p.name ILIKE :windowPattern::text OR p.description ILIKE :windowPattern::text)
 *  ORDER BY p.created_at, p.id
 *  LIMIT :limit!::int8
 * ```
 */
export const listProductsOldest = new PreparedQuery<IListProductsOldestParams,IListProductsOldestResult>(listProductsOldestIR);


/** 'ListProductsCheapest' parameters type */
export interface IListProductsCheapestParams {
  afterId: number;
  afterPriceCents: number;
  categorySlug?: string | null | void;
  limit: number;
  maxPriceCents: number;
  minPriceCents: number;
  pattern?: string | null | void;
  window: number;
  windowPattern?: string | null | void;
}

/** 'ListProductsCheapest' return type */
export interface IListProductsCheapestResult {
  category_id: number | null;
  category_name: string | null;
  category_slug: string | null;
  created_at: Date;
  created_us: number;
  description: string;
  id: number;
  name: string;
  price_cents: number;
}

/** 'ListProductsCheapest' query type */
export interface IListProductsCheapestQuery {
  params: IListProductsCheapestParams;
  result: IListProductsCheapestResult;
}

const listProductsCheapestIR: any = {"usedParamSet":{"afterPriceCents":true,"afterId":true,"minPriceCents":true,"maxPriceCents":true,"categorySlug":true,"pattern":true,"window":true,"windowPattern":true,"limit":true},"params":[{"name":"afterPriceCents","required":true,"transform":{"type":"scalar"},"locs":[{"a":506,"b":522}]},{"name":"afterId","required":true,"transform":{"type":"scalar"},"locs":[{"a":531,"b":539}]},{"name":"minPriceCents","required":true,"transform":{"type":"scalar"},"locs":[{"a":581,"b":595}]},{"name":"maxPriceCents","required":true,"transform":{"type":"scalar"},"locs":[{"a":607,"b":621}]},{"name":"categorySlug","required":false,"transform":{"type":"scalar"},"locs":[{"a":641,"b":653},{"a":728,"b":740}]},{"name":"pattern","required":false,"transform":{"type":"scalar"},"locs":[{"a":762,"b":769},{"a":801,"b":808},{"a":839,"b":846}]},{"name":"window","required":true,"transform":{"type":"scalar"},"locs":[{"a":900,"b":907}]},{"name":"windowPattern","required":false,"transform":{"type":"scalar"},"locs":[{"a":978,"b":991},{"a":1023,"b":1036},{"a":1067,"b":1080}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":1126,"b":1132}]}],"statement":"-- ordering=price_cents: keyset (price_cents, id) on products_live_price_idx; first page (0, 0).\nSELECT p.id, p.name, p.description, p.price_cents, p.created_at,\n       (extract(epoch FROM p.created_at) * 1000000)::int8 AS \"created_us!\",\n       c.id AS \"category_id?\", c.name AS \"category_name?\", c.slug AS \"category_slug?\"\n  FROM (\n    SELECT p.id, p.name, p.description, p.price_cents, p.created_at, p.category_id\n      FROM products p\n     WHERE p.deleted_at IS NULL\n       AND (p.price_cents, p.id) > (:afterPriceCents!::int8, :afterId!::int8)\n       AND p.price_cents BETWEEN :minPriceCents!::int8 AND :maxPriceCents!::int8\n       AND (:categorySlug::text IS NULL OR p.category_id = (SELECT id FROM categories WHERE slug = :categorySlug::text))\n       AND (:pattern::text IS NULL OR p.name ILIKE :pattern::text OR p.description ILIKE :pattern::text)\n     ORDER BY p.price_cents, p.id\n     LIMIT :window!::int8\n  ) p\n  LEFT JOIN categories c ON c.id = p.category_id\n WHERE (:windowPattern::text IS NULL OR p.name ILIKE :windowPattern::text OR p.description ILIKE :windowPattern::text)\n ORDER BY p.price_cents, p.id\n LIMIT :limit!::int8"};

/**
 * Query generated from SQL:
 * ```
 * -- ordering=price_cents: keyset (price_cents, id) on products_live_price_idx; first page (0, 0).
 * SELECT p.id, p.name, p.description, p.price_cents, p.created_at,
 *        (extract(epoch FROM p.created_at) * 1000000)::int8 AS "created_us!",
 *        c.id AS "category_id?", c.name AS "category_name?", c.slug AS "category_slug?"
 *   FROM (
 *     SELECT p.id, p.name, p.description, p.price_cents, p.created_at, p.category_id
 *       FROM products p
 *      WHERE p.deleted_at IS NULL
 *        AND (p.price_cents, p.id) > (:afterPriceCents!::int8, :afterId!::int8)
 *        AND p.price_cents BETWEEN :minPriceCents!::int8 AND :maxPriceCents!::int8
 *        AND (:categorySlug::text IS NULL OR p.category_id = (SELECT id FROM categories WHERE slug = :categorySlug::text))
 *        AND (:pattern::text IS NULL OR p.name ILIKE :pattern::text OR p.description ILIKE :pattern::text)
 *      ORDER BY p.price_cents, p.id
 *      LIMIT :window!::int8
 *   ) p
 *   LEFT JOIN categories c ON c.id = p.category_id
 *  WHERE (:windowPattern::text IS NULL OR p.name ILIKE :windowPattern::text OR p.description ILIKE :windowPattern::text)
 *  ORDER BY p.price_cents, p.id
 *  LIMIT :limit!::int8
 * ```
 */
export const listProductsCheapest = new PreparedQuery<IListProductsCheapestParams,IListProductsCheapestResult>(listProductsCheapestIR);


/** 'ListProductsDearest' parameters type */
export interface IListProductsDearestParams {
  afterId: number;
  afterPriceCents: number;
  categorySlug?: string | null | void;
  limit: number;
  maxPriceCents: number;
  minPriceCents: number;
  pattern?: string | null | void;
  window: number;
  windowPattern?: string | null | void;
}

/** 'ListProductsDearest' return type */
export interface IListProductsDearestResult {
  category_id: number | null;
  category_name: string | null;
  category_slug: string | null;
  created_at: Date;
  created_us: number;
  description: string;
  id: number;
  name: string;
  price_cents: number;
}

/** 'ListProductsDearest' query type */
export interface IListProductsDearestQuery {
  params: IListProductsDearestParams;
  result: IListProductsDearestResult;
}

const listProductsDearestIR: any = {"usedParamSet":{"afterPriceCents":true,"afterId":true,"minPriceCents":true,"maxPriceCents":true,"categorySlug":true,"pattern":true,"window":true,"windowPattern":true,"limit":true},"params":[{"name":"afterPriceCents","required":true,"transform":{"type":"scalar"},"locs":[{"a":534,"b":550}]},{"name":"afterId","required":true,"transform":{"type":"scalar"},"locs":[{"a":559,"b":567}]},{"name":"minPriceCents","required":true,"transform":{"type":"scalar"},"locs":[{"a":609,"b":623}]},{"name":"maxPriceCents","required":true,"transform":{"type":"scalar"},"locs":[{"a":635,"b":649}]},{"name":"categorySlug","required":false,"transform":{"type":"scalar"},"locs":[{"a":669,"b":681},{"a":756,"b":768}]},{"name":"pattern","required":false,"transform":{"type":"scalar"},"locs":[{"a":790,"b":797},{"a":829,"b":836},{"a":867,"b":874}]},{"name":"window","required":true,"transform":{"type":"scalar"},"locs":[{"a":938,"b":945}]},{"name":"windowPattern","required":false,"transform":{"type":"scalar"},"locs":[{"a":1016,"b":1029},{"a":1061,"b":1074},{"a":1105,"b":1118}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":1174,"b":1180}]}],"statement":"-- ordering=-price_cents: the same index walked backwards; ties by id descending; the first page\n-- passes (2^53-1, 2^53-1).\nSELECT p.id, p.name, p.description, p.price_cents, p.created_at,\n       (extract(epoch FROM p.created_at) * 1000000)::int8 AS \"created_us!\",\n       c.id AS \"category_id?\", c.name AS \"category_name?\", c.slug AS \"category_slug?\"\n  FROM (\n    SELECT p.id, p.name, p.description, p.price_cents, p.created_at, p.category_id\n      FROM products p\n     WHERE p.deleted_at IS NULL\n       AND (p.price_cents, p.id) < (:afterPriceCents!::int8, :afterId!::int8)\n       AND p.price_cents BETWEEN :minPriceCents!::int8 AND :maxPriceCents!::int8\n       AND (:categorySlug::text IS NULL OR p.category_id = (SELECT id FROM categories WHERE slug = :categorySlug::text))\n       AND (:pattern::text IS NULL OR p.name ILIKE :pattern::text OR p.description ILIKE :pattern::text)\n     ORDER BY p.price_cents DESC, p.id DESC\n     LIMIT :window!::int8\n  ) p\n  LEFT JOIN categories c ON c.id = p.category_id\n WHERE (:windowPattern::text IS NULL OR p.name ILIKE :windowPattern::text OR p.description ILIKE :windowPattern::text)\n ORDER BY p.price_cents DESC, p.id DESC\n LIMIT :limit!::int8"};

/**
 * Query generated from SQL:
 * ```
 * -- ordering=-price_cents: the same index walked backwards; ties by id descending; the first page
 * -- passes (2^53-1, 2^53-1).
 * SELECT p.id, p.name, p.description, p.price_cents, p.created_at,
 *        (extract(epoch FROM p.created_at) * 1000000)::int8 AS "created_us!",
 *        c.id AS "category_id?", c.name AS "category_name?", c.slug AS "category_slug?"
 *   FROM (
 *     SELECT p.id, p.name, p.description, p.price_cents, p.created_at, p.category_id
 *       FROM products p
 *      WHERE p.deleted_at IS NULL
 *        AND (p.price_cents, p.id) < (:afterPriceCents!::int8, :afterId!::int8)
 *        AND p.price_cents BETWEEN :minPriceCents!::int8 AND :maxPriceCents!::int8
 *        AND (:categorySlug::text IS NULL OR p.category_id = (SELECT id FROM categories WHERE slug = :categorySlug::text))
 *        AND (:pattern::text IS NULL OR p.name ILIKE :pattern::text OR p.description ILIKE :pattern::text)
 *      ORDER BY p.price_cents DESC, p.id DESC
 *      LIMIT :window!::int8
 *   ) p
 *   LEFT JOIN categories c ON c.id = p.category_id
 *  WHERE (:windowPattern::text IS NULL OR p.name ILIKE :windowPattern::text OR p.description ILIKE :windowPattern::text)
 *  ORDER BY p.price_cents DESC, p.id DESC
 *  LIMIT :limit!::int8
 * ```
 */
export const listProductsDearest = new PreparedQuery<IListProductsDearestParams,IListProductsDearestResult>(listProductsDearestIR);


/** 'ListProductsByName' parameters type */
export interface IListProductsByNameParams {
  afterId: number;
  afterName: string;
  categorySlug?: string | null | void;
  limit: number;
  maxPriceCents: number;
  minPriceCents: number;
  pattern?: string | null | void;
  window: number;
  windowPattern?: string | null | void;
}

/** 'ListProductsByName' return type */
export interface IListProductsByNameResult {
  category_id: number | null;
  category_name: string | null;
  category_slug: string | null;
  created_at: Date;
  created_us: number;
  description: string;
  id: number;
  name: string;
  price_cents: number;
}

/** 'ListProductsByName' query type */
export interface IListProductsByNameQuery {
  params: IListProductsByNameParams;
  result: IListProductsByNameResult;
}

const listProductsByNameIR: any = {"usedParamSet":{"afterName":true,"afterId":true,"minPriceCents":true,"maxPriceCents":true,"categorySlug":true,"pattern":true,"window":true,"windowPattern":true,"limit":true},"params":[{"name":"afterName","required":true,"transform":{"type":"scalar"},"locs":[{"a":566,"b":576}]},{"name":"afterId","required":true,"transform":{"type":"scalar"},"locs":[{"a":585,"b":593}]},{"name":"minPriceCents","required":true,"transform":{"type":"scalar"},"locs":[{"a":635,"b":649}]},{"name":"maxPriceCents","required":true,"transform":{"type":"scalar"},"locs":[{"a":661,"b":675}]},{"name":"categorySlug","required":false,"transform":{"type":"scalar"},"locs":[{"a":695,"b":707},{"a":782,"b":794}]},{"name":"pattern","required":false,"transform":{"type":"scalar"},"locs":[{"a":816,"b":823},{"a":855,"b":862},{"a":893,"b":900}]},{"name":"window","required":true,"transform":{"type":"scalar"},"locs":[{"a":947,"b":954}]},{"name":"windowPattern","required":false,"transform":{"type":"scalar"},"locs":[{"a":1025,"b":1038},{"a":1070,"b":1083},{"a":1114,"b":1127}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":1166,"b":1172}]}],"statement":"-- ordering=name: keyset (name, id) on products_live_name_idx, in the database's collation;\n-- the first page passes ('', 0), which every (non-empty) name follows.\nSELECT p.id, p.name, p.description, p.price_cents, p.created_at,\n       (extract(epoch FROM p.created_at) * 1000000)::int8 AS \"created_us!\",\n       c.id AS \"category_id?\", c.name AS \"category_name?\", c.slug AS \"category_slug?\"\n  FROM (\n    SELECT p.id, p.name, p.description, p.price_cents, p.created_at, p.category_id\n      FROM products p\n     WHERE p.deleted_at IS NULL\n       AND (p.name, p.id) > (:afterName!::text, :afterId!::int8)\n       AND p.price_cents BETWEEN :minPriceCents!::int8 AND :maxPriceCents!::int8\n       AND (:categorySlug::text IS NULL OR p.category_id = (SELECT id FROM categories WHERE slug = :categorySlug::text))\n       AND (:pattern::text IS NULL OR p.name ILIKE :pattern::text OR p.description ILIKE :pattern::text)\n     ORDER BY p.name, p.id\n     LIMIT :window!::int8\n  ) p\n  LEFT JOIN categories c ON c.id = p.category_id\n WHERE (:windowPattern::text IS NULL OR p.name ILIKE :windowPattern::text OR p.description ILIKE :windowPattern::text)\n ORDER BY p.name, p.id\n LIMIT :limit!::int8"};

/**
 * Query generated from SQL:
 * ```
 * -- ordering=name: keyset (name, id) on products_live_name_idx, in the database's collation;
 * -- the first page passes ('', 0), which every (non-empty) name follows.
 * SELECT p.id, p.name, p.description, p.price_cents, p.created_at,
 *        (extract(epoch FROM p.created_at) * 1000000)::int8 AS "created_us!",
 *        c.id AS "category_id?", c.name AS "category_name?", c.slug AS "category_slug?"
 *   FROM (
 *     SELECT p.id, p.name, p.description, p.price_cents, p.created_at, p.category_id
 *       FROM products p
 *      WHERE p.deleted_at IS NULL
 *        AND (p.name, p.id) > (:afterName!::text, :afterId!::int8)
 *        AND p.price_cents BETWEEN :minPriceCents!::int8 AND :maxPriceCents!::int8
 *        AND (:categorySlug::text IS NULL OR p.category_id = (SELECT id FROM categories WHERE slug = :categorySlug::text))
 *        AND (:pattern::text IS NULL OR p.name ILIKE :pattern::text OR p.description ILIKE :pattern::text)
 *      ORDER BY p.name, p.id
 *      LIMIT :window!::int8
 *   ) p
 *   LEFT JOIN categories c ON c.id = p.category_id
 *  WHERE (:windowPattern::text IS NULL OR p.name ILIKE :windowPattern::text OR p.description ILIKE :windowPattern::text)
 *  ORDER BY p.name, p.id
 *  LIMIT :limit!::int8
 * ```
 */
export const listProductsByName = new PreparedQuery<IListProductsByNameParams,IListProductsByNameResult>(listProductsByNameIR);


