// Catalog: categories and products — domain types, the rules for their fields and slug
// derivation. Pure: no I/O. The service applies these rules, so every front door (API, admin,
// CLI, seed) gets the same answers, not only the HTTP schema.
import { BadRequestError, ValidationError, type FieldError } from '../../platform/errors.ts';

/** Limits mirrored by the CHECK constraints in migrations/0004_catalog.sql (Unicode characters). */
export const CATEGORY_NAME_MAX_CHARS = 100;
export const SLUG_MAX_CHARS = 100;
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const PRODUCT_NAME_MAX_CHARS = 200;
export const DESCRIPTION_MAX_CHARS = 5000;
export const PRICE_CENTS_MIN = 1;
export const PRICE_CENTS_MAX = 100_000_000;
/** Longest `q` accepted; longer searches are a 400 (they would only make the pattern costlier). */
export const SEARCH_MAX_CHARS = 200;

/** A category as listed: product_count counts its live (not soft-deleted) products. */
export interface Category {
  id: number;
  name: string;
  slug: string;
  productCount: number;
}

/** The category embedded in a product. */
export interface CategoryRef {
  id: number;
  name: string;
  slug: string;
}

/** A live product. Prices are in the store's base currency (BASE_CURRENCY), added at the edge. */
export interface Product {
  id: number;
  name: string;
  description: string;
  priceCents: number;
  category: CategoryRef | null;
  createdAt: Date;
}

/** Input to CatalogService.createCategory; without `slug` one is derived from the name. */
export interface NewCategory {
  name: string;
  slug?: string | undefined;
}

/** Input to CatalogService.createProduct; `categoryId` absent or null means uncategorised. */
export interface NewProduct {
  name: string;
  description?: string | undefined;
  priceCents: number;
  categoryId?: number | null | undefined;
}

/** Input to CatalogService.updateProduct: absent fields are unchanged; `categoryId: null` clears it. */
export interface ProductPatch {
  name?: string | undefined;
  description?: string | undefined;
  priceCents?: number | undefined;
  categoryId?: number | null | undefined;
}

/** `?ordering=` values; ties are always broken by id (in the ordering's direction). */
export const PRODUCT_ORDERINGS = ['-created_at', 'created_at', 'price_cents', '-price_cents', 'name'] as const;
export type ProductOrdering = (typeof PRODUCT_ORDERINGS)[number];
export const DEFAULT_PRODUCT_ORDERING: ProductOrdering = '-created_at';

/** Filters of the product list; all optional, combined with AND. */
export interface ProductFilter {
  /** A category slug; an unknown one matches no product (an empty list, not a 404). */
  categorySlug?: string | undefined;
  /** Case-insensitive substring of the name or the description, taken literally (% and _ too). */
  q?: string | undefined;
  /** Inclusive bounds. */
  minPriceCents?: number | undefined;
  maxPriceCents?: number | undefined;
  ordering?: ProductOrdering | undefined;
}

/** Characters PostgreSQL text cannot store: sent as-is they would fail the statement (a 500). */
const NUL = '\u0000';
const length = (s: string) => [...s].length;

/** Latin letters that NFKD does not decompose, spelled the way people write them in ASCII. */
const TRANSLITERATIONS: Record<string, string> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ħ: 'h', ı: 'i', ł: 'l', þ: 'th', ŋ: 'ng',
};

/**
 * The slug for a name: "Home & Garden" → `home-garden`, "Café Crème" → `cafe-creme`. Lowercase
 * ASCII: accents are stripped (NFKD, then combining marks removed), a few undecomposable Latin
 * letters are transliterated (ß → ss, ø → o…), and every run of anything else becomes one hyphen,
 * trimmed from both ends; cut to SLUG_MAX_CHARS at a hyphen-free end. May be empty ("!!!").
 */
export function slugify(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\u{80}-\u{10ffff}]/gu, (ch) => TRANSLITERATIONS[ch] ?? '-');
  const slug = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slug.slice(0, SLUG_MAX_CHARS).replace(/-+$/, '');
}

function checkText(field: string, raw: string, max: number, errors: FieldError[], allowBlank = false): string {
  // Surrounding whitespace is never meaningful here (DRF's trim_whitespace does the same).
  const value = raw.trim();
  if (!allowBlank && value === '') errors.push({ field, message: 'This field may not be blank.' });
  else if (length(value) > max) errors.push({ field, message: `Ensure this field has no more than ${max} characters.` });
  else if (value.includes(NUL)) errors.push({ field, message: 'Null characters are not allowed.' });
  return value;
}

function checkPrice(priceCents: number, errors: FieldError[]): void {
  if (!Number.isSafeInteger(priceCents) || priceCents < PRICE_CENTS_MIN || priceCents > PRICE_CENTS_MAX) {
    errors.push({ field: 'price_cents', message: `Must be an integer from ${PRICE_CENTS_MIN} to ${PRICE_CENTS_MAX}.` });
  }
}

function checkCategoryId(categoryId: number | null, errors: FieldError[]): void {
  if (categoryId !== null && (!Number.isSafeInteger(categoryId) || categoryId < 1)) {
    errors.push({ field: 'category_id', message: 'Must be a positive integer or null.' });
  }
}

/** Normalises a new category, deriving the slug when none is given; ValidationError otherwise. */
export function parseNewCategory(input: NewCategory): { name: string; slug: string } {
  const errors: FieldError[] = [];
  const name = checkText('name', input.name, CATEGORY_NAME_MAX_CHARS, errors);
  let slug = input.slug;
  if (slug === undefined) {
    slug = slugify(name);
    // Only worth saying when the name itself was fine: "!!!" or "日本" leave nothing to slug.
    if (slug === '' && errors.length === 0) {
      errors.push({ field: 'slug', message: 'No slug can be derived from this name; please provide one.' });
    }
  } else if (length(slug) > SLUG_MAX_CHARS || !SLUG_PATTERN.test(slug)) {
    errors.push({
      field: 'slug',
      message: `Enter a slug of lowercase letters, digits and single hyphens (e.g. "home-garden"), at most ${SLUG_MAX_CHARS} characters.`,
    });
  }
  if (errors.length > 0) throw new ValidationError(errors);
  return { name, slug };
}

/** Normalises a new product (description defaults to ""); ValidationError naming each bad field. */
export function parseNewProduct(input: NewProduct): { name: string; description: string; priceCents: number; categoryId: number | null } {
  const errors: FieldError[] = [];
  const name = checkText('name', input.name, PRODUCT_NAME_MAX_CHARS, errors);
  const description = checkText('description', input.description ?? '', DESCRIPTION_MAX_CHARS, errors, true);
  checkPrice(input.priceCents, errors);
  const categoryId = input.categoryId ?? null;
  checkCategoryId(categoryId, errors);
  if (errors.length > 0) throw new ValidationError(errors);
  return { name, description, priceCents: input.priceCents, categoryId };
}

/** Normalises a patch; fields left undefined stay undefined (unchanged). */
export function parseProductPatch(patch: ProductPatch): ProductPatch {
  const errors: FieldError[] = [];
  const out: ProductPatch = {};
  if (patch.name !== undefined) out.name = checkText('name', patch.name, PRODUCT_NAME_MAX_CHARS, errors);
  if (patch.description !== undefined) {
    out.description = checkText('description', patch.description, DESCRIPTION_MAX_CHARS, errors, true);
  }
  if (patch.priceCents !== undefined) {
    checkPrice(patch.priceCents, errors);
    out.priceCents = patch.priceCents;
  }
  if (patch.categoryId !== undefined) {
    checkCategoryId(patch.categoryId, errors);
    out.categoryId = patch.categoryId;
  }
  if (errors.length > 0) throw new ValidationError(errors);
  return out;
}

/** The ILIKE pattern for a literal substring: `\`, `%` and `_` in `q` match only themselves. */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

const isBound = (n: number | undefined) => n === undefined || (Number.isSafeInteger(n) && n >= 0);

/** Checks filters that did not come through the HTTP schema (a 400: they are query parameters). */
export function checkProductFilter(filter: ProductFilter): void {
  const problems: string[] = [];
  if (!isBound(filter.minPriceCents)) problems.push('min_price_cents must be an integer ≥ 0');
  if (!isBound(filter.maxPriceCents)) problems.push('max_price_cents must be an integer ≥ 0');
  if (filter.q !== undefined && length(filter.q) > SEARCH_MAX_CHARS) problems.push(`q must be at most ${SEARCH_MAX_CHARS} characters`);
  if (filter.ordering !== undefined && !PRODUCT_ORDERINGS.includes(filter.ordering)) {
    problems.push(`ordering must be one of ${PRODUCT_ORDERINGS.join(', ')}`);
  }
  if (problems.length > 0) throw new BadRequestError('product.invalid_filter', `Invalid filter: ${problems.join('; ')}.`);
}
