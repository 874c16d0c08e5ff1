// The form machinery's own rules: checkboxes, e-mail shape, and refusals put next to fields.
import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../platform/errors.ts';
import { checkRegistry, type AdminConfigError } from './checks.ts';
import { formatForForm, parseForm, serviceErrors } from './forms.ts';
import type { FieldDef, ModelAdmin } from './registry.ts';

const flag: FieldDef = { name: 'is_active', label: 'Active', widget: 'bool' };
const email: FieldDef = { name: 'email', label: 'E-mail', widget: 'email' };

describe('bool fields', () => {
  it('read an unticked (absent) box as false and a ticked one as true', () => {
    expect(parseForm([flag], {}).values).toEqual({ is_active: false });
    expect(parseForm([flag], { is_active: 'true' }).values).toEqual({ is_active: true });
    expect(parseForm([flag], { is_active: 'on' }).values).toEqual({ is_active: true });
    expect(parseForm([flag], { is_active: 'yes please' }).ok).toBe(false);
  });

  it('show a stored boolean as the box state', () => {
    expect(formatForForm([flag], { is_active: true })).toEqual({ is_active: 'true' });
    expect(formatForForm([flag], { is_active: false })).toEqual({ is_active: '' });
  });

  it('cannot be declared required (that would mean "must be ticked")', () => {
    const model: ModelAdmin = {
      name: 'things',
      label: 'Thing',
      labelPlural: 'Things',
      table: 'things',
      titleColumn: 'name',
      columns: [{ name: 'name', label: 'Name', kind: 'text', sortable: true }],
      ordering: 'name',
      form: { fields: [{ ...flag, required: true }, { name: 'other_id', label: 'Other', widget: 'relation', relation: { table: 'others', labelColumn: 'name', model: 'others' } }] },
    };
    const problems = (() => {
      try {
        checkRegistry([model]);
        return [];
      } catch (err) {
        return (err as AdminConfigError).problems;
      }
    })();
    expect(problems).toEqual([
      'model "things" form field "is_active": bool fields take no required, maxLength or choices',
      'model "things" field "other_id": relation.model "others" must be a registered model of table "others"',
    ]);
  });
});

describe('e-mail fields', () => {
  it('refuse what is not shaped like an address, and leave an empty optional one null', () => {
    expect(parseForm([email], { email: 'nobody' }).state.errors.get('email')).toEqual(['Enter a valid e-mail address.']);
    expect(parseForm([email], { email: ' a@b.example ' }).values).toEqual({ email: 'a@b.example' });
    expect(parseForm([email], { email: '' }).values).toEqual({ email: null });
  });
});

describe('serviceErrors', () => {
  const state = parseForm([email], { email: 'a@b.example' }).state;

  it('puts the field a conflict names next to that field', () => {
    const err = new ConflictError('user.email_taken', 'Taken.', { errors: [{ field: 'email', message: 'A user with this e-mail address already exists.' }] });
    const out = serviceErrors([email], state, err)!;
    expect(out.errors.get('email')).toEqual(['A user with this e-mail address already exists.']);
    expect(out.formErrors).toEqual([]);
  });

  it('shows a conflict without fields at the top, and a validation error by field', () => {
    expect(serviceErrors([email], state, new ConflictError('x.conflict', 'Cannot do that.'))!.formErrors).toEqual(['Cannot do that.']);
    expect(serviceErrors([email], state, ValidationError.field('email', 'Bad.'))!.errors.get('email')).toEqual(['Bad.']);
    expect(serviceErrors([email], state, new Error('boom'))).toBeNull();
  });
});
