// Catalog routes: schema → one service call → response mapping. Reads are public (no auth hook,
// so no statement is spent on a token; one sent anyway is ignored) and, being the same for every
// caller, served from the catalog's response cache when there is one; writes are staff only.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { CURRENCIES, type Config } from '../../config.ts';
import type { AuthHooks } from '../../platform/http/auth.ts';
import { Id, IdParams, ListOf, Nullable, PageQuery, ProblemSchema, Timestamp, iso, listBody } from '../../platform/http/schemas.ts';
import {
  CATEGORY_NAME_MAX_CHARS,
  DEFAULT_PRODUCT_ORDERING,
  DESCRIPTION_MAX_CHARS,
  PRICE_CENTS_MAX,
  PRICE_CENTS_MIN,
  PRODUCT_NAME_MAX_CHARS,
  PRODUCT_ORDERINGS,
  SEARCH_MAX_CHARS,
  SLUG_MAX_CHARS,
  type Category,
  type Product,
} from './catalog.ts';
import { cachedJson, type ResponseCache } from '../../platform/http/response-cache.ts';
import type { CatalogService } from './catalog.service.ts';

/** `{id, name, slug, product_count}` (SPEC §9). */
export const CategoryBody = Type.Object({
  id: Id,
  name: Type.String(),
  slug: Type.String(),
  product_count: Type.Integer({ minimum: 0 }),
});

/** `{id, name, description, price_cents, currency, category: {id, name, slug} | null, created_at}`. */
export const ProductBody = Type.Object({
  id: Id,
  name: Type.String(),
  description: Type.String(),
  price_cents: Type.Integer(),
  currency: Type.Enum(CURRENCIES, { description: 'The base currency (BASE_CURRENCY).' }),
  category: Nullable(Type.Object({ id: Id, name: Type.String(), slug: Type.String() })),
  created_at: Timestamp,
});

/**
 * Longer than the platform's 512: a name-ordered cursor carries the last product's name (up to
 * 200 characters, several bytes each once in JSON and base64url).
 */
const Cursor = Type.Optional(Type.String({ minLength: 1, maxLength: 2048 }));
const PriceBound = Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }));

const ListCategoriesQuery = Type.Object(
  { limit: PageQuery.limit, cursor: Cursor },
  { description: 'Categories by name ascending (in the database collation), then id; product_count counts live products.' },
);
const ListProductsQuery = Type.Object({
  limit: PageQuery.limit,
  cursor: Cursor,
  category: Type.Optional(Type.String({ maxLength: 200, description: 'A category slug; an unknown one lists nothing.' })),
  q: Type.Optional(Type.String({ maxLength: SEARCH_MAX_CHARS, description: 'Case-insensitive substring of name or description.' })),
  // Inclusive; a minimum above the maximum lists nothing (as Django's filters do), not a 400.
  min_price_cents: PriceBound,
  max_price_cents: PriceBound,
  ordering: Type.Enum(PRODUCT_ORDERINGS, {
    default: DEFAULT_PRODUCT_ORDERING,
    description: 'Sort key, descending with a leading "-"; ties are broken by id in the same direction. A cursor only continues the ordering that made it.',
  }),
});

// JSON bodies are validated without coercion; the service applies the same rules again (trimmed
// lengths, NUL, the slug's form) so that the admin and the CLI get the same answers.
const CreateCategoryBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: CATEGORY_NAME_MAX_CHARS }),
    slug: Type.Optional(Type.String({ maxLength: SLUG_MAX_CHARS, description: 'Derived from the name when absent.' })),
  },
  { additionalProperties: false },
);
const ProductName = Type.String({ minLength: 1, maxLength: PRODUCT_NAME_MAX_CHARS });
const Description = Type.String({ maxLength: DESCRIPTION_MAX_CHARS });
const PriceCents = Type.Integer({ minimum: PRICE_CENTS_MIN, maximum: PRICE_CENTS_MAX });
const CreateProductBody = Type.Object(
  {
    name: ProductName,
    description: Type.Optional(Description),
    price_cents: PriceCents,
    category_id: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false },
);
const PatchProductBody = Type.Object(
  {
    name: Type.Optional(ProductName),
    description: Type.Optional(Description),
    price_cents: Type.Optional(PriceCents),
    category_id: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false },
);
const Errors = { '4xx': ProblemSchema, '5xx': ProblemSchema };

export const toCategoryBody = (c: Category) => ({ id: c.id, name: c.name, slug: c.slug, product_count: c.productCount });

export const catalogRoutes =
  (deps: { config: Config; auth: AuthHooks; catalog: CatalogService; cache?: ResponseCache }): FastifyPluginAsync =>
  async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const { config, auth, catalog, cache } = deps;
    // onRequest: credentials are checked before a body is read or validated (401/403 before 4xx).
    const staff = { onRequest: auth.staff } as const;
    const toProductBody = (p: Product) => ({
      id: p.id,
      name: p.name,
      description: p.description,
      price_cents: p.priceCents,
      currency: config.baseCurrency,
      category: p.category === null ? null : { id: p.category.id, name: p.category.name, slug: p.category.slug },
      created_at: iso(p.createdAt),
    });

    app.get(
      '/api/v1/categories',
      { schema: { tags: ['catalog'], summary: 'List categories', querystring: ListCategoriesQuery, response: { 200: ListOf(CategoryBody), ...Errors } } },
      async (request, reply) => {
        const { limit, cursor } = request.query;
        return cachedJson(cache, request, reply, async () => listBody(await catalog.listCategories({ limit, cursor }, request.abortSignal), toCategoryBody));
      },
    );

    app.post(
      '/api/v1/categories',
      { ...staff, schema: { tags: ['catalog'], summary: 'Create a category (staff)', body: CreateCategoryBody, response: { 201: CategoryBody, ...Errors } } },
      async (request, reply) => reply.code(201).send(toCategoryBody(await catalog.createCategory(request.body, request.abortSignal))),
    );

    app.get(
      '/api/v1/products',
      { schema: { tags: ['catalog'], summary: 'List and search products', querystring: ListProductsQuery, response: { 200: ListOf(ProductBody), ...Errors } } },
      async (request, reply) => {
        const { limit, cursor, category, q, min_price_cents, max_price_cents, ordering } = request.query;
        const filter = { categorySlug: category, q, minPriceCents: min_price_cents, maxPriceCents: max_price_cents, ordering };
        return cachedJson(cache, request, reply, async () => listBody(await catalog.listProducts(filter, { limit, cursor }, request.abortSignal), toProductBody));
      },
    );

    app.get(
      '/api/v1/products/:id',
      { schema: { tags: ['catalog'], summary: 'Get a product', params: IdParams, response: { 200: ProductBody, ...Errors } } },
      async (request, reply) => cachedJson(cache, request, reply, async () => toProductBody(await catalog.getProduct(request.params.id, request.abortSignal))),
    );

    app.post(
      '/api/v1/products',
      { ...staff, schema: { tags: ['catalog'], summary: 'Create a product (staff)', body: CreateProductBody, response: { 201: ProductBody, ...Errors } } },
      async (request, reply) => {
        const { name, description, price_cents, category_id } = request.body;
        const product = await catalog.createProduct({ name, description, priceCents: price_cents, categoryId: category_id }, request.abortSignal);
        return reply.code(201).send(toProductBody(product));
      },
    );

    app.patch(
      '/api/v1/products/:id',
      { ...staff, schema: { tags: ['catalog'], summary: 'Update a product (staff)', params: IdParams, body: PatchProductBody, response: { 200: ProductBody, ...Errors } } },
      async (request) => {
        const { name, description, price_cents, category_id } = request.body;
        const patch = { name, description, priceCents: price_cents, categoryId: category_id };
        return toProductBody(await catalog.updateProduct(request.params.id, patch, request.abortSignal));
      },
    );

    app.delete(
      '/api/v1/products/:id',
      { ...staff, schema: { tags: ['catalog'], summary: 'Delete a product (staff)', params: IdParams, response: { 204: Type.Null(), ...Errors } } },
      async (request, reply) => {
        await catalog.deleteProduct(request.params.id, request.abortSignal);
        return reply.code(204).send(null);
      },
    );
  };
