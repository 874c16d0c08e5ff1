// Form values between the browser and the services: text in, typed values out (amounts in cents,
// ids as numbers), stored rows formatted back for editing, and service errors put next to fields.
import type { Row } from '../platform/db/db.ts';
import { AppError, ValidationError, type FieldError } from '../platform/errors.ts';
import { field, type FormBody } from './context.ts';
import { formatMajor, parseMajor } from './money.ts';
import type { FieldDef, FormValue, FormValues } from './registry.ts';
import type { FormState } from './views/form.ts';

export interface ParsedForm {
  values: FormValues;
  state: FormState;
  ok: boolean;
}

const REQUIRED = 'This field is required.';
/** Only the shape, as the API's JSON schema checks it at its edge; services apply their own rules. */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** What a ticked checkbox sends (its value attribute, or the browser's default "on"). */
const TICKED = new Set(['true', 'on']);

function parseOne(f: FieldDef, raw: string): { value: FormValue; error?: string } {
  // An unticked checkbox sends nothing at all: absent is false, never "required".
  if (f.widget === 'bool') return TICKED.has(raw) || raw === '' ? { value: raw !== '' } : { value: null, error: 'Select a valid choice.' };
  const text = raw.trim();
  if (text === '') return f.required ? { value: null, error: REQUIRED } : { value: null };
  switch (f.widget) {
    case 'email':
      if (!EMAIL_SHAPE.test(text)) return { value: null, error: 'Enter a valid e-mail address.' };
      return { value: text };
    case 'money': {
      const cents = parseMajor(text);
      if (cents === null) return { value: null, error: `Enter an amount in ${f.currency}, such as 15.00 (at most two decimal places).` };
      if (cents <= 0 && !f.allowNegative) return { value: null, error: `Enter an amount greater than 0.00 ${f.currency}.` };
      return { value: cents };
    }
    case 'relation':
      if (!/^\d{1,15}$/.test(text) || Number(text) < 1) return { value: null, error: 'Select a valid choice.' };
      return { value: Number(text) };
    case 'select':
      if (!(f.choices ?? []).some(([v]) => v === text)) return { value: null, error: 'Select a valid choice.' };
      return { value: text };
    default:
      // Text keeps the user's own spacing; the service decides what to trim.
      return { value: raw };
  }
}

/** Parses the posted fields; `ok` is false when any field could not even be read. */
export function parseForm(fields: readonly FieldDef[], body: FormBody | undefined): ParsedForm {
  const values: Record<string, FormValue> = {};
  const raw: Record<string, string> = {};
  const errors = new Map<string, string[]>();
  for (const f of fields) {
    raw[f.name] = field(body, f.name);
    const { value, error } = parseOne(f, raw[f.name]!);
    values[f.name] = value;
    if (error !== undefined) errors.set(f.name, [error]);
  }
  return { values, state: { values: raw, errors, formErrors: [] }, ok: errors.size === 0 };
}

/** A stored row as the strings the form shows (amounts in major units). */
export function formatForForm(fields: readonly FieldDef[], row: Row): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = row[f.name];
    if (f.widget === 'bool') out[f.name] = v === true ? 'true' : '';
    else out[f.name] = v === null || v === undefined ? '' : f.widget === 'money' ? formatMajor(Number(v)) : String(v);
  }
  return out;
}

/** Field errors a refusal carries: a ValidationError's, or a conflict's `errors` (a taken e-mail). */
function fieldErrorsOf(err: AppError): readonly FieldError[] | undefined {
  if (err instanceof ValidationError) return err.fields;
  const extra = err.extra['errors'];
  const isFieldError = (e: unknown) => typeof (e as FieldError | null)?.field === 'string' && typeof (e as FieldError).message === 'string';
  return Array.isArray(extra) && extra.length > 0 && extra.every(isFieldError) ? (extra as FieldError[]) : undefined;
}

/**
 * A service's refusal as form errors: field errors (a ValidationError's, or those a conflict
 * names, such as a taken slug) next to their fields, anything else (a business rule) at the top.
 * Returns null for errors that are not the user's.
 */
export function serviceErrors(fields: readonly FieldDef[], state: FormState, err: unknown): FormState | null {
  if (!(err instanceof AppError) || err.kind === 'unavailable') return null;
  const errors = new Map(state.errors);
  const formErrors: string[] = [];
  const fieldErrors = fieldErrorsOf(err);
  if (fieldErrors !== undefined) {
    for (const fe of fieldErrors) {
      const f = fields.find((x) => x.name === fe.field);
      if (f === undefined) formErrors.push(`${fe.field}: ${fe.message}`);
      else errors.set(f.name, [...(errors.get(f.name) ?? []), f.serviceMessage ?? fe.message]);
    }
  } else {
    formErrors.push(err.message);
  }
  return { values: state.values, errors, formErrors };
}
