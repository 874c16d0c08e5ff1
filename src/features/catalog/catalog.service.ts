// CatalogService: categories and products. Anyone may read the catalog; who may write is the
// front door's decision (staff, in the API and the admin). Products are soft-deleted, so every
// read here sees live products only, and order items keep the products they point at.
import type { Db } from '../../platform/db/db.ts';
import { isUniqueViolation, sqlState } from '../../platform/db/errors.ts';
import { decodeCursor, toPage, type Page, type PageRequest } from '../../platform/pagination.ts';
import {
  DEFAULT_PRODUCT_ORDERING,
  checkProductFilter,
  containsPattern,
  parseNewCategory,
  parseNewProduct,
  parseProductPatch,
  type Category,
  type NewCategory,
  type NewProduct,
  type Product,
  type ProductFilter,
  type ProductPatch,
} from './catalog.ts';
import { CategoryNotEmptyError, CategoryNotFoundError, CategoryTakenError, ProductCategoryInvalidError, ProductNotFoundError } from './catalog.errors.ts';
import { decodeProductCursor, listProductRows, productCursor } from './product-list.ts';
import {
  deleteEmptyCategory,
  getLiveProduct,
  insertCategory,
  insertProduct,
  listCategories,
  softDeleteProduct,
  updateCategory,
  updateLiveProduct,
  type IGetLiveProductResult,
  type IListCategoriesResult,
} from './queries.queries.ts';

const FOREIGN_KEY_VIOLATION = '23503';
const PRODUCT_CATEGORY_FKEY = 'products_category_id_fkey';

const isCategoryFkViolation = (err: unknown): boolean =>
  sqlState(err) === FOREIGN_KEY_VIOLATION && (err as { constraint?: string }).constraint === PRODUCT_CATEGORY_FKEY;

const toCategory = (row: IListCategoriesResult): Category => ({
  id: row.id,
  name: row.name,
  slug: row.slug,
  productCount: row.product_count,
});

/** Every product statement returns these columns; the category's are NULL when it has none. */
const toProduct = (row: IGetLiveProductResult): Product => ({
  id: row.id,
  name: row.name,
  description: row.description,
  priceCents: row.price_cents,
  // Joined on the foreign key, so a category id always comes with its name and slug.
  category: row.category_id === null ? null : { id: row.category_id, name: row.category_name!, slug: row.category_slug! },
  createdAt: row.created_at,
});

/**
 * A unique violation on categories as the field it concerns; anything else unchanged. The
 * constraints decide (a look-up first would race). When both collide, PostgreSQL reports the
 * first index it checks, the name's (created first).
 */
function categoryClash(err: unknown): unknown {
  if (isUniqueViolation(err, 'categories_name_key')) return new CategoryTakenError('name', { cause: err });
  if (isUniqueViolation(err, 'categories_slug_key')) return new CategoryTakenError('slug', { cause: err });
  return err;
}

export interface CatalogServiceDeps {
  db: Db;
  /**
   * Called after a write has returned, so that this process's cached catalog responses go at
   * once; other processes learn of it from the trigger's NOTIFY (migrations/0014).
   */
  onChange?: () => void;
}

export class CatalogService {
  constructor(private readonly deps: CatalogServiceDeps) {}

  private changed(): void {
    this.deps.onChange?.();
  }

  /** The same service with its statements on `db` (e.g. an order's transaction), sqlc-WithTx style. */
  withDb(db: Db): CatalogService {
    return new CatalogService({ ...this.deps, db });
  }

  /** Categories by name (then id), keyset-paginated; one statement per page, counts included. */
  async listCategories(page: PageRequest, signal: AbortSignal): Promise<Page<Category>> {
    const [afterName, afterId] = page.cursor === undefined ? ['', 0] : decodeCursor(page.cursor, ['string', 'number'] as const);
    const rows = await this.deps.db.run(listCategories, { afterName, afterId, limit: page.limit + 1 }, signal);
    return toPage(rows, page.limit, (r) => [r.name, r.id], toCategory);
  }

  /** A new category (product_count 0); CategoryTakenError (409) when its name or slug is taken. */
  async createCategory(input: NewCategory, signal: AbortSignal): Promise<Category> {
    const fields = parseNewCategory(input);
    try {
      const [row] = await this.deps.db.run(insertCategory, fields, signal);
      this.changed();
      if (row === undefined) throw new Error('INSERT … RETURNING returned no row');
      return toCategory(row);
    } catch (err) {
      throw categoryClash(err);
    }
  }

  /**
   * Renames a category under the rules of creation (the slug derived from the name when absent);
   * CategoryTakenError (409) on a clash, CategoryNotFoundError (404) when there is no such one.
   */
  async updateCategory(id: number, input: NewCategory, signal: AbortSignal): Promise<Category> {
    const fields = parseNewCategory(input);
    let rows;
    try {
      rows = await this.deps.db.run(updateCategory, { id, ...fields }, signal);
      this.changed();
    } catch (err) {
      throw categoryClash(err);
    }
    const [row] = rows;
    if (row === undefined) throw new CategoryNotFoundError();
    return toCategory(row);
  }

  /**
   * Deletes an empty category. One with live products is refused (CategoryNotEmptyError, 409)
   * rather than uncategorising them behind the caller's back; soft-deleted products do not count.
   */
  async deleteCategory(id: number, signal: AbortSignal): Promise<void> {
    const [row] = await this.deps.db.run(deleteEmptyCategory, { id }, signal);
    this.changed();
    if (row === undefined) throw new CategoryNotFoundError();
    if (row.in_use) throw new CategoryNotEmptyError();
  }

  /**
   * Live products matching every filter, in `filter.ordering` (default newest first), keyset-
   * paginated; one statement per page with the category joined, whatever the limit.
   */
  async listProducts(filter: ProductFilter, page: PageRequest, signal: AbortSignal): Promise<Page<Product>> {
    checkProductFilter(filter);
    const ordering = filter.ordering ?? DEFAULT_PRODUCT_ORDERING;
    const after = page.cursor === undefined ? null : decodeProductCursor(page.cursor, ordering);
    const filters = {
      minPriceCents: filter.minPriceCents ?? 0,
      maxPriceCents: filter.maxPriceCents ?? Number.MAX_SAFE_INTEGER,
      // An empty ?category= or ?q= is no filter at all (as a blank search box means "everything").
      categorySlug: filter.categorySlug || null,
      pattern: filter.q ? containsPattern(filter.q) : null,
      limit: page.limit + 1,
    };
    const rows = await listProductRows(this.deps.db, ordering, filters, after, signal);
    return toPage(rows, page.limit, (r) => productCursor(ordering, r), toProduct);
  }

  /** A live product; ProductNotFoundError (404) when missing or soft-deleted. */
  async getProduct(id: number, signal: AbortSignal): Promise<Product> {
    const [row] = await this.deps.db.run(getLiveProduct, { id }, signal);
    if (row === undefined) throw new ProductNotFoundError();
    return toProduct(row);
  }

  /** A new product; ProductCategoryInvalidError (422 on category_id) for an unknown category. */
  async createProduct(input: NewProduct, signal: AbortSignal): Promise<Product> {
    const fields = parseNewProduct(input);
    try {
      const [row] = await this.deps.db.run(insertProduct, fields, signal);
      this.changed();
      if (row === undefined) throw new Error('INSERT … RETURNING returned no row');
      return toProduct(row);
    } catch (err) {
      if (isCategoryFkViolation(err)) throw new ProductCategoryInvalidError({ cause: err });
      throw err;
    }
  }

  /** Changes the given fields of a live product (`categoryId: null` uncategorises it). */
  async updateProduct(id: number, patch: ProductPatch, signal: AbortSignal): Promise<Product> {
    const fields = parseProductPatch(patch);
    let rows;
    try {
      rows = await this.deps.db.run(
        updateLiveProduct,
        {
          id,
          name: fields.name ?? null,
          description: fields.description ?? null,
          priceCents: fields.priceCents ?? null,
          setCategory: fields.categoryId !== undefined,
          categoryId: fields.categoryId ?? null,
        },
        signal,
      );
      this.changed();
    } catch (err) {
      if (isCategoryFkViolation(err)) throw new ProductCategoryInvalidError({ cause: err });
      throw err;
    }
    const [row] = rows;
    if (row === undefined) throw new ProductNotFoundError();
    return toProduct(row);
  }

  /** Soft delete: the product leaves the catalog (lists, detail, counts, new orders) for good. */
  async deleteProduct(id: number, signal: AbortSignal): Promise<void> {
    const deleted = await this.deps.db.run(softDeleteProduct, { id }, signal);
    this.changed();
    if (deleted.length === 0) throw new ProductNotFoundError();
  }

}
