// Add, change and object-action forms: one labelled control per registered field, its errors
// next to it (tied with aria-describedby), read-only fields and inlines below. A relation too
// large for a select is an id box with the chosen object's label beside it; admin.js adds a
// search box to it when the related model has a lookup endpoint.
import type { Row } from '../../platform/db/db.ts';
import { attrs, html, type SafeHtml } from '../html.ts';
import type { ColumnDef, FieldDef, InlineDef } from '../registry.ts';
import { cellClass, cellValue } from './format.ts';
import { ADMIN_PREFIX } from './layout.ts';

export type Choices = { id: number; label: string }[] | null;

export interface FormState {
  /** What the user typed (or the stored values, formatted), by field name. */
  values: Readonly<Record<string, string>>;
  /** Field name → messages; errors with no matching field are shown at the top. */
  errors: ReadonlyMap<string, readonly string[]>;
  formErrors: readonly string[];
}

export const emptyFormState = (values: Record<string, string> = {}): FormState => ({ values, errors: new Map(), formErrors: [] });

export interface FormViewOptions {
  heading: string;
  action: string;
  submitLabel: string;
  fields: readonly FieldDef[];
  state: FormState;
  csrfToken: string;
  relationChoices: ReadonlyMap<string, Choices>;
  /** Field name → the label of the object its id box names (relations shown as an id box). */
  relationLabels?: ReadonlyMap<string, string>;
  readOnly?: { columns: readonly ColumnDef[]; row: Row } | undefined;
  inlines?: readonly { inline: InlineDef; rows: Row[] }[];
  /** Links shown under the heading (delete, object actions, history). */
  links?: readonly (readonly [label: string, href: string])[];
}

const fieldId = (name: string) => `id_${name}`;
const isIdBox = (field: FieldDef, choices: Choices | undefined) => field.widget === 'relation' && (choices === null || choices === undefined);

function control(field: FieldDef, value: string, choices: Choices | undefined, describedBy: string | undefined, invalid: boolean): SafeHtml {
  const common = {
    id: fieldId(field.name),
    name: field.name,
    required: field.required === true,
    'aria-describedby': describedBy,
    'aria-invalid': invalid ? 'true' : undefined,
  };
  switch (field.widget) {
    case 'textarea':
      return html`<textarea${attrs({ ...common, maxlength: field.maxLength, rows: 6 })}>${value}</textarea>`;
    case 'money':
      return html`<span class="money-input"><input${attrs({ ...common, type: 'text', inputmode: 'decimal', value, autocomplete: 'off' })}><span class="currency">${field.currency}</span></span>`;
    case 'select':
      return html`<select${attrs(common)}>${field.required ? '' : html`<option value="">---------</option>`}${(field.choices ?? []).map(
        ([v, l]) => html`<option value="${v}"${v === value ? html` selected` : ''}>${l}</option>`,
      )}</select>`;
    case 'bool':
      // `required` is not passed on: an unticked box is a valid "no".
      return html`<input${attrs({ ...common, required: false, type: 'checkbox', value: 'true', checked: value === 'true' })}>`;
    case 'relation':
      if (choices === null || choices === undefined) {
        // Too many related rows for a select: the id, chosen from the related list (raw-id style).
        const model = field.relation?.model;
        return html`<input${attrs({
          ...common,
          type: 'text',
          inputmode: 'numeric',
          pattern: '[0-9]*',
          value,
          'data-lookup': model === undefined ? undefined : `${ADMIN_PREFIX}/${model}/lookup`,
          'data-lookup-label': model === undefined ? undefined : `Search ${field.label.toLowerCase()}`,
          'data-label-id': `${fieldId(field.name)}_label`,
        })}>`;
      }
      return html`<select${attrs(common)}><option value="">---------</option>${choices.map(
        (c) => html`<option value="${c.id}"${String(c.id) === value ? html` selected` : ''}>${c.label}</option>`,
      )}</select>`;
    case 'slug':
      return html`<input${attrs({ ...common, type: 'text', value, maxlength: field.maxLength, 'data-slug-from': field.slugFrom ? fieldId(field.slugFrom) : undefined })}>`;
    default:
      return html`<input${attrs({ ...common, type: field.widget === 'email' ? 'email' : 'text', value, maxlength: field.maxLength })}>`;
  }
}

function fieldRow(field: FieldDef, state: FormState, choices: Choices | undefined, relationLabel: string | undefined): SafeHtml {
  const errors = state.errors.get(field.name) ?? [];
  const errorId = errors.length > 0 ? `${fieldId(field.name)}_error` : undefined;
  const idBox = isIdBox(field, choices);
  let help = field.help;
  if (idBox) help = `${help ?? ''} Enter the id (there are too many to list).`.trim();
  const helpId = help === undefined ? undefined : `${fieldId(field.name)}_help`;
  // The chosen object's name, read out with the id box (admin.js keeps it in step).
  const labelId = idBox ? `${fieldId(field.name)}_label` : undefined;
  const describedBy = [errorId, labelId, helpId].filter(Boolean).join(' ') || undefined;
  const lookUp = field.relation?.model === undefined ? '' : html` <a href="${ADMIN_PREFIX}/${field.relation.model}/" target="_blank" rel="noopener">Look up</a>`;
  const related = html` <span class="relation-label" id="${labelId}">${relationLabel ?? ''}</span>${lookUp}`;
  const errorList = errors.length > 0 ? html`<ul class="field-errors" id="${errorId}">${errors.map((e) => html`<li>${e}</li>`)}</ul>` : '';
  const helpText = help === undefined ? '' : html`<p class="help" id="${helpId}">${help}</p>`;
  const input = control(field, state.values[field.name] ?? '', choices, describedBy, errors.length > 0);
  if (field.widget === 'bool') {
    // A checkbox comes before its label, the whole line clickable.
    return html`<div class="field checkbox${errors.length > 0 ? ' has-error' : ''}">
  <span class="checkbox-row">${input} <label for="${fieldId(field.name)}">${field.label}</label></span>
  ${errorList}
  ${helpText}
</div>`;
  }
  return html`<div class="field${errors.length > 0 ? ' has-error' : ''}">
  <label for="${fieldId(field.name)}">${field.label}${field.required ? html`<span class="required" aria-hidden="true"> *</span>` : ''}</label>
  ${idBox ? html`<span class="control-row">${input}${related}</span>` : input}
  ${errorList}
  ${helpText}
</div>`;
}

function readOnlyBlock(readOnly: FormViewOptions['readOnly']): SafeHtml {
  if (!readOnly || readOnly.columns.length === 0) return html``;
  return html`<dl class="readonly">${readOnly.columns.map((c) => html`<dt>${c.label}</dt><dd class="${cellClass(c)}">${cellValue(c, readOnly.row)}</dd>`)}</dl>`;
}

function inlineBlock(inline: InlineDef, rows: Row[]): SafeHtml {
  return html`<section class="inline"><h2>${inline.label}</h2><div class="table-wrap"><table>
  <caption>${rows.length} ${inline.label.toLowerCase()}</caption>
  <thead><tr>${inline.columns.map((c) => html`<th scope="col">${c.label}</th>`)}</tr></thead>
  <tbody>${rows.map((r) => html`<tr>${inline.columns.map((c) => html`<td class="${cellClass(c)}">${cellValue(c, r)}</td>`)}</tr>`)}</tbody>
</table></div></section>`;
}

export function formView(o: FormViewOptions): SafeHtml {
  const form =
    o.fields.length === 0
      ? html``
      : html`<form method="post" action="${o.action}" class="edit-form" novalidate>
  <input type="hidden" name="csrf_token" value="${o.csrfToken}">
  ${o.state.formErrors.length > 0 ? html`<div class="form-errors" role="alert"><p>Please correct the errors below.</p><ul>${o.state.formErrors.map((e) => html`<li>${e}</li>`)}</ul></div>` : ''}
  ${o.state.formErrors.length === 0 && o.state.errors.size > 0 ? html`<div class="form-errors" role="alert"><p>Please correct the errors below.</p></div>` : ''}
  ${o.fields.map((f) => fieldRow(f, o.state, o.relationChoices.get(f.name), o.relationLabels?.get(f.name)))}
  <div class="submit-row"><button type="submit">${o.submitLabel}</button></div>
</form>`;
  const links = (o.links ?? []).map(([label, href]) => html`<li><a href="${href}">${label}</a></li>`);
  return html`<h1>${o.heading}</h1>
${links.length > 0 ? html`<ul class="object-tools">${links}</ul>` : ''}
${form}
${readOnlyBlock(o.readOnly)}
${(o.inlines ?? []).map((i) => inlineBlock(i.inline, i.rows))}`;
}

/** A write the service refused outright (e.g. deleting a category that still has products). */
export function refusalView(o: { heading: string; message: string; backLabel: string; backHref: string }): SafeHtml {
  return html`<h1>${o.heading}</h1>
<div class="form-errors" role="alert"><p>${o.message}</p></div>
<p><a href="${o.backHref}">${o.backLabel}</a></p>`;
}
