import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { Database } from '../../platform/db/db.ts';
import { containsPattern, slugify } from './catalog.ts';
import { CatalogService } from './catalog.service.ts';
import { timestampFromMicros } from './product-list.ts';

const signal = () => new AbortController().signal;

describe('slugify', () => {
  it('lowercases, strips accents and turns every run of other characters into one hyphen, trimmed', () => {
    expect(slugify('Home & Garden')).toBe('home-garden');
    expect(slugify('Café Crème')).toBe('cafe-creme');
    expect(slugify('  Ünïcödé -- Ñame__42  ')).toBe('unicode-name-42');
    expect(slugify('Straße, Smørrebrød & Æble')).toBe('strasse-smorrebrod-aeble');
    expect(slugify('ﬁne ½ Ｆｕｌｌｗｉｄｔｈ')).toBe('fine-1-2-fullwidth');
    expect(slugify('Books 📚 & Comics')).toBe('books-comics');
  });

  it('derives an empty slug from a name with nothing to keep', () => {
    for (const name of ['!!!', '日本語', '📚', '   ', '']) expect(slugify(name), name).toBe('');
  });

  it('never exceeds 100 characters and never ends with a hyphen when cut', () => {
    expect(slugify('a'.repeat(150))).toHaveLength(100);
    const cut = slugify(`${'a'.repeat(99)} b`);
    expect(cut).toBe('a'.repeat(99));
    // NFKD can lengthen a name: "㎒ " (2 characters) becomes "MHz " (4).
    const long = slugify('㎒ '.repeat(40));
    expect(long.length).toBeLessThanOrEqual(100);
    expect(long).toMatch(/^mhz(-mhz)*$/);
  });
});

describe('containsPattern', () => {
  it('escapes the LIKE wildcards and the escape character itself', () => {
    expect(containsPattern('50%')).toBe('%50\\%%');
    expect(containsPattern('a_b')).toBe('%a\\_b%');
    expect(containsPattern('c:\\dir')).toBe('%c:\\\\dir%');
    expect(containsPattern('plain')).toBe('%plain%');
  });
});

describe('timestampFromMicros', () => {
  it('keeps all six fractional digits, before and after the epoch', () => {
    expect(timestampFromMicros(1_893_456_000_123_456)).toBe('2030-01-01T00:00:00.123456Z');
    expect(timestampFromMicros(0)).toBe('1970-01-01T00:00:00.000000Z');
    expect(timestampFromMicros(-1)).toBe('1969-12-31T23:59:59.999999Z');
    expect(timestampFromMicros(Number.MAX_SAFE_INTEGER)).toMatch(/^2255-/);
    expect(timestampFromMicros(-Number.MAX_SAFE_INTEGER)).toMatch(/^1684-/);
  });
});

describe('CatalogService', () => {
  let t: TestApp;
  let counted: Database;
  let statements = 0;
  beforeAll(async () => {
    t = await startTestApp();
    counted = new Database({ connectionString: t.database.url, poolSize: 2, applicationName: 'catalog-test', onStatement: () => (statements += 1) });
  });
  afterAll(async () => {
    await counted.close();
    await t.close();
  });

  it('rejects invalid input before any statement, with the fields named', async () => {
    const catalog = new CatalogService({ db: counted });
    statements = 0;
    await expect(catalog.createProduct({ name: ' ', priceCents: 0, categoryId: -1 }, signal())).rejects.toMatchObject({
      fields: [
        { field: 'name', message: expect.any(String) },
        { field: 'price_cents', message: expect.any(String) },
        { field: 'category_id', message: expect.any(String) },
      ],
    });
    await expect(catalog.createCategory({ name: 'X', slug: 'Not A Slug' }, signal())).rejects.toMatchObject({ fields: [{ field: 'slug' }] });
    await expect(catalog.listProducts({ minPriceCents: -1 }, { limit: 10, cursor: undefined }, signal())).rejects.toMatchObject({ kind: 'bad_request' });
    expect(statements).toBe(0);
  });
});
