// Admin registration for products: list with the category joined, trigram-backed search, a
// category filter, date drill-down; writes through CatalogService on the admin's transaction.
import type { ModelAdmin } from '../../admin/registry.ts';
import type { CatalogService } from './catalog.service.ts';
import { DESCRIPTION_MAX_CHARS, PRODUCT_NAME_MAX_CHARS } from './catalog.ts';

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const cents = (v: unknown): number => (typeof v === 'number' ? v : NaN);
const id = (v: unknown): number | null => (typeof v === 'number' ? v : null);

export function productAdmin(deps: { catalog: CatalogService; currency: string }): ModelAdmin {
  const { catalog, currency } = deps;
  return {
    name: 'products',
    label: 'Product',
    labelPlural: 'Products',
    table: 'products',
    // Soft-deleted products are gone from the catalog, and so from the admin.
    scope: 't.deleted_at IS NULL',
    titleColumn: 'name',
    columns: [
      { name: 'name', label: 'Name', kind: 'text', sortable: true },
      { name: 'category', label: 'Category', kind: 'text', join: { fk: 'category_id', table: 'categories', column: 'name', model: 'categories' } },
      { name: 'price_cents', label: 'Price', kind: 'money', sortable: true, currency: { fixed: currency } },
      { name: 'created_at', label: 'Created', kind: 'datetime', sortable: true },
    ],
    // Both have trigram indexes (migrations/0004_catalog.sql), so substring search stays fast.
    searchFields: ['name', 'description'],
    filters: [{ kind: 'relation', field: 'category_id', label: 'Category', table: 'categories', labelColumn: 'name' }],
    dateHierarchy: 'created_at',
    ordering: '-created_at',
    readOnlyFields: [
      { name: 'id', label: 'ID', kind: 'int' },
      { name: 'created_at', label: 'Created', kind: 'datetime' },
    ],
    form: {
      fields: [
        { name: 'name', label: 'Name', widget: 'text', required: true, maxLength: PRODUCT_NAME_MAX_CHARS },
        { name: 'description', label: 'Description', widget: 'textarea', maxLength: DESCRIPTION_MAX_CHARS },
        {
          name: 'price_cents',
          label: 'Price',
          widget: 'money',
          required: true,
          currency,
          help: `In ${currency}, e.g. 15.00.`,
          serviceMessage: `Enter a price from 0.01 to 1000000.00 ${currency}.`,
        },
        { name: 'category_id', label: 'Category', widget: 'relation', relation: { table: 'categories', labelColumn: 'name', model: 'categories' } },
      ],
      async create(v, w) {
        const p = await catalog.withDb(w.db).createProduct(
          { name: text(v['name']), description: text(v['description']), priceCents: cents(v['price_cents']), categoryId: id(v['category_id']) },
          w.signal,
        );
        return p.id;
      },
      async update(productId, v, w) {
        await catalog.withDb(w.db).updateProduct(
          productId,
          { name: text(v['name']), description: text(v['description']), priceCents: cents(v['price_cents']), categoryId: id(v['category_id']) },
          w.signal,
        );
      },
    },
    delete: (productId, w) => catalog.withDb(w.db).deleteProduct(productId, w.signal),
    actions: [{ name: 'delete-selected', label: 'Delete selected products', audit: 'delete', run: (productId, w) => catalog.withDb(w.db).deleteProduct(productId, w.signal) }],
  };
}
