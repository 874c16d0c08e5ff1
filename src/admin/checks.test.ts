import { describe, expect, it } from 'vitest';
import { AdminConfigError, checkRegistry } from './checks.ts';
import type { ModelAdmin } from './registry.ts';

const valid: ModelAdmin = {
  name: 'things',
  label: 'Thing',
  labelPlural: 'Things',
  table: 'things',
  titleColumn: 'name',
  columns: [
    { name: 'name', label: 'Name', kind: 'text', sortable: true },
    { name: 'created_at', label: 'Created', kind: 'datetime', sortable: true },
  ],
  dateHierarchy: 'created_at',
  ordering: '-created_at',
};

const problemsOf = (models: ModelAdmin[]): string[] => {
  try {
    checkRegistry(models);
    return [];
  } catch (err) {
    if (err instanceof AdminConfigError) return err.problems;
    throw err;
  }
};

describe('checkRegistry', () => {
  it('accepts a valid registration', () => {
    expect(checkRegistry([valid]).get('things')).toBe(valid);
  });

  it('names the model and the setting when the ordering is not a sortable column', () => {
    expect(problemsOf([{ ...valid, ordering: 'price' }])).toEqual(['model "things": ordering "price" must name a sortable column']);
  });

  it('rejects identifiers that would not be safe to interpolate into SQL', () => {
    const problems = problemsOf([
      { ...valid, table: 'things; DROP TABLE users', searchFields: ['name ILIKE 1 --'], columns: [...valid.columns, { name: 'x"y', label: 'X', kind: 'text' }] },
    ]);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('table must match'),
        expect.stringContaining('search field "name ILIKE 1 --"'),
        expect.stringContaining('column "x"y"'),
      ]),
    );
  });

  it('refuses sortable joined columns, money without a currency and fields without labels', () => {
    const problems = problemsOf([
      {
        ...valid,
        columns: [...valid.columns, { name: 'owner', label: 'Owner', kind: 'text', sortable: true, join: { fk: 'owner_id', table: 'users', column: 'email' } }, { name: 'price', label: 'Price', kind: 'money' }],
        form: { fields: [{ name: 'name', label: ' ', widget: 'text' }] },
      },
    ]);
    expect(problems).toHaveLength(3);
  });

  it('refuses a date drill-down on a column that is not a listed datetime, and duplicate models', () => {
    expect(problemsOf([{ ...valid, dateHierarchy: 'name' }, valid, valid])).toEqual(
      expect.arrayContaining([expect.stringContaining('dateHierarchy "name"'), 'model "things" is registered twice']),
    );
  });

  it('refuses a filter that shadows a list parameter', () => {
    expect(problemsOf([{ ...valid, filters: [{ kind: 'bool', field: 'q', label: 'Q' }] }])).toEqual([
      'model "things": filter field "q" clashes with a list parameter',
    ]);
  });
});
