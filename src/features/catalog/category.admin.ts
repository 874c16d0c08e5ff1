// Admin registration for categories: added, renamed and deleted through CatalogService on the
// admin's transaction, so the admin gets the API's rules (a taken name or slug is a field error;
// a category with products cannot be deleted).
import type { FormValues, ModelAdmin } from '../../admin/registry.ts';
import type { CatalogService } from './catalog.service.ts';
import { CATEGORY_NAME_MAX_CHARS, SLUG_MAX_CHARS, type NewCategory } from './catalog.ts';

/** The form's values as CatalogService input: an empty slug is derived from the name. */
function categoryInput(v: FormValues): NewCategory {
  const slug = typeof v['slug'] === 'string' ? v['slug'].trim() : undefined;
  return { name: typeof v['name'] === 'string' ? v['name'] : '', slug: slug || undefined };
}

export function categoryAdmin(deps: { catalog: CatalogService }): ModelAdmin {
  return {
    name: 'categories',
    label: 'Category',
    labelPlural: 'Categories',
    table: 'categories',
    titleColumn: 'name',
    columns: [
      { name: 'name', label: 'Name', kind: 'text', sortable: true },
      { name: 'slug', label: 'Slug', kind: 'text', sortable: true },
      { name: 'created_at', label: 'Created', kind: 'datetime', sortable: true },
    ],
    searchFields: ['name', 'slug'],
    dateHierarchy: 'created_at',
    ordering: 'name',
    readOnlyFields: [
      { name: 'id', label: 'ID', kind: 'int' },
      { name: 'created_at', label: 'Created', kind: 'datetime' },
    ],
    form: {
      fields: [
        { name: 'name', label: 'Name', widget: 'text', required: true, maxLength: CATEGORY_NAME_MAX_CHARS },
        {
          name: 'slug',
          label: 'Slug',
          widget: 'slug',
          slugFrom: 'name',
          maxLength: SLUG_MAX_CHARS,
          help: 'Lowercase letters, digits and hyphens. Left empty, it is made from the name.',
        },
      ],
      async create(v, w) {
        const c = await deps.catalog.withDb(w.db).createCategory(categoryInput(v), w.signal);
        return c.id;
      },
      async update(categoryId, v, w) {
        await deps.catalog.withDb(w.db).updateCategory(categoryId, categoryInput(v), w.signal);
      },
    },
    delete: (categoryId, w) => deps.catalog.withDb(w.db).deleteCategory(categoryId, w.signal),
  };
}
