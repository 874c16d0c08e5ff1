// Renaming and deleting categories (the admin's writes), against the real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { ValidationError } from '../../platform/errors.ts';
import { CategoryNotEmptyError, CategoryNotFoundError, CategoryTakenError } from './catalog.errors.ts';

const signal = () => new AbortController().signal;

describe('CatalogService categories: rename and delete', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('renames a category under the rules of creation, deriving the slug when none is given', async () => {
    const c = await t.services.catalog.createCategory({ name: 'Outdoor' }, signal());
    const renamed = await t.services.catalog.updateCategory(c.id, { name: '  Garden & Patio ' }, signal());
    expect(renamed).toEqual({ id: c.id, name: 'Garden & Patio', slug: 'garden-patio', productCount: 0 });
    const explicit = await t.services.catalog.updateCategory(c.id, { name: 'Garden & Patio', slug: 'patio' }, signal());
    expect(explicit.slug).toBe('patio');
    await expect(t.services.catalog.updateCategory(c.id, { name: '', slug: 'Not A Slug' }, signal())).rejects.toBeInstanceOf(ValidationError);
  });

  it('refuses a name or slug another category has, naming the field', async () => {
    await t.services.catalog.createCategory({ name: 'Tools', slug: 'tools' }, signal());
    const c = await t.services.catalog.createCategory({ name: 'Paint' }, signal());
    const slugTaken = await t.services.catalog.updateCategory(c.id, { name: 'Paint', slug: 'tools' }, signal()).catch((e: unknown) => e);
    expect(slugTaken).toBeInstanceOf(CategoryTakenError);
    expect((slugTaken as CategoryTakenError).extra).toEqual({ errors: [{ field: 'slug', message: 'A category with this slug already exists.' }] });
    const nameTaken = await t.services.catalog.updateCategory(c.id, { name: 'Tools', slug: 'paint' }, signal()).catch((e: unknown) => e);
    expect((nameTaken as CategoryTakenError).code).toBe('category.name_taken');
  });

  it('reports a missing category as not found', async () => {
    await expect(t.services.catalog.updateCategory(999_999, { name: 'Ghost' }, signal())).rejects.toBeInstanceOf(CategoryNotFoundError);
    await expect(t.services.catalog.deleteCategory(999_999, signal())).rejects.toBeInstanceOf(CategoryNotFoundError);
  });

  it('refuses to delete a category with live products, and deletes it once they are gone', async () => {
    const c = await t.services.catalog.createCategory({ name: 'Lamps' }, signal());
    const p = await t.services.catalog.createProduct({ name: 'Desk lamp', priceCents: 1999, categoryId: c.id }, signal());
    await expect(t.services.catalog.deleteCategory(c.id, signal())).rejects.toBeInstanceOf(CategoryNotEmptyError);
    expect((await t.services.catalog.getProduct(p.id, signal())).category?.id).toBe(c.id);

    // A soft-deleted product does not keep its category alive; it is left uncategorised.
    await t.services.catalog.deleteProduct(p.id, signal());
    await t.services.catalog.deleteCategory(c.id, signal());
    const { rows } = await t.database.admin.query('SELECT category_id FROM products WHERE id = $1', [p.id]);
    expect(rows).toEqual([{ category_id: null }]);
    await expect(t.services.catalog.deleteCategory(c.id, signal())).rejects.toBeInstanceOf(CategoryNotFoundError);
  });
});
