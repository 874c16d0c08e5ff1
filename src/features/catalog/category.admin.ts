// Admin registration for categories. CatalogService can create categories but not yet rename or
// delete them, so the change page is read-only.
import type { ModelAdmin } from '../../admin/registry.ts';
import type { CatalogService } from './catalog.service.ts';
import { CATEGORY_NAME_MAX_CHARS, SLUG_MAX_CHARS } from './catalog.ts';

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
        const slug = typeof v['slug'] === 'string' ? v['slug'].trim() : undefined;
        const c = await deps.catalog.withDb(w.db).createCategory({ name: String(v['name'] ?? ''), slug: slug || undefined }, w.signal);
        return c.id;
      },
    },
  };
}
