// Start-up checks of the registry, like Django's admin checks: a misconfigured registration stops
// the process with a message naming the model and the setting, instead of failing on first use.
// These checks are also what makes interpolating registry identifiers into SQL safe.
import { RESERVED_PARAMS } from './list-params.ts';
import { AdminRegistry, type ColumnDef, type FieldDef, type ModelAdmin } from './registry.ts';

/** SQL identifiers the admin will interpolate: lower-case, unquoted-safe, not too long. */
export const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const URL_NAME = /^[a-z][a-z0-9-]{0,62}$/;
const RESERVED_URL_NAMES = new Set(['login', 'logout', 'static']);

export class AdminConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Admin registry is misconfigured:\n  - ${problems.join('\n  - ')}`);
    this.name = 'AdminConfigError';
  }
}

function checkColumns(where: string, columns: readonly ColumnDef[], problems: string[]): void {
  const seen = new Set<string>();
  for (const c of columns) {
    const at = `${where} column "${c.name}"`;
    if (!IDENTIFIER.test(c.name)) problems.push(`${at}: name must match ${IDENTIFIER}`);
    if (seen.has(c.name)) problems.push(`${at}: declared twice`);
    seen.add(c.name);
    if (c.join) {
      for (const id of [c.join.fk, c.join.table, c.join.column]) {
        if (!IDENTIFIER.test(id)) problems.push(`${at}: join identifier "${id}" must match ${IDENTIFIER}`);
      }
      if (c.sortable) problems.push(`${at}: joined columns cannot be sortable (sort on a column of the table)`);
    }
    if (c.kind === 'money' && c.currency === undefined) problems.push(`${at}: money columns need a currency`);
    if (c.currency && 'column' in c.currency && !IDENTIFIER.test(c.currency.column)) {
      problems.push(`${at}: currency column must match ${IDENTIFIER}`);
    }
  }
}

function checkFields(where: string, fields: readonly FieldDef[], problems: string[]): void {
  const names = new Set(fields.map((f) => f.name));
  for (const f of fields) {
    const at = `${where} field "${f.name}"`;
    if (!IDENTIFIER.test(f.name)) problems.push(`${at}: name must match ${IDENTIFIER}`);
    if (f.label.trim() === '') problems.push(`${at}: every field needs a label`);
    if (f.widget === 'money' && f.currency === undefined) problems.push(`${at}: money fields need a currency`);
    if (f.widget === 'relation') {
      if (!f.relation) problems.push(`${at}: relation fields need relation.table and relation.labelColumn`);
      else if (!IDENTIFIER.test(f.relation.table) || !IDENTIFIER.test(f.relation.labelColumn)) {
        problems.push(`${at}: relation identifiers must match ${IDENTIFIER}`);
      }
    }
    if (f.widget === 'select' && (f.choices === undefined || f.choices.length === 0)) problems.push(`${at}: select fields need choices`);
    // An unticked box is a plain "false": `required` would mean "must be ticked", never what a flag wants.
    if (f.widget === 'bool' && (f.required || f.maxLength !== undefined || f.choices !== undefined)) {
      problems.push(`${at}: bool fields take no required, maxLength or choices`);
    }
    if (f.relation?.model !== undefined && !URL_NAME.test(f.relation.model)) problems.push(`${at}: relation.model must match ${URL_NAME}`);
    if (f.widget === 'slug' && f.slugFrom !== undefined && !names.has(f.slugFrom)) {
      problems.push(`${at}: slugFrom "${f.slugFrom}" is not a field of the same form`);
    }
  }
}

function checkModel(m: ModelAdmin, problems: string[]): void {
  const at = `model "${m.name}"`;
  if (!URL_NAME.test(m.name) || RESERVED_URL_NAMES.has(m.name)) problems.push(`${at}: name must match ${URL_NAME} and not be reserved`);
  if (!IDENTIFIER.test(m.table)) problems.push(`${at}: table must match ${IDENTIFIER}`);
  if (!IDENTIFIER.test(m.titleColumn)) problems.push(`${at}: titleColumn must match ${IDENTIFIER}`);
  if (m.columns.length === 0) problems.push(`${at}: columns must list at least one column`);
  checkColumns(at, m.columns, problems);
  checkColumns(`${at} readOnlyFields`, m.readOnlyFields ?? [], problems);

  const sortable = new Set(m.columns.filter((c) => c.sortable).map((c) => c.name));
  const ordering = m.ordering.replace(/^-/, '');
  if (!sortable.has(ordering)) problems.push(`${at}: ordering "${m.ordering}" must name a sortable column`);

  for (const s of m.searchFields ?? []) if (!IDENTIFIER.test(s)) problems.push(`${at}: search field "${s}" must match ${IDENTIFIER}`);
  const filterFields = new Set<string>();
  for (const f of m.filters ?? []) {
    if (!IDENTIFIER.test(f.field)) problems.push(`${at}: filter field "${f.field}" must match ${IDENTIFIER}`);
    if (RESERVED_PARAMS.has(f.field)) problems.push(`${at}: filter field "${f.field}" clashes with a list parameter`);
    if (filterFields.has(f.field)) problems.push(`${at}: filter "${f.field}" declared twice`);
    filterFields.add(f.field);
    if (f.kind === 'choices' && f.choices.length === 0) problems.push(`${at}: filter "${f.field}" needs choices`);
    if (f.kind === 'relation' && (!IDENTIFIER.test(f.table) || !IDENTIFIER.test(f.labelColumn))) {
      problems.push(`${at}: filter "${f.field}" relation identifiers must match ${IDENTIFIER}`);
    }
  }
  if (m.dateHierarchy !== undefined) {
    const col = m.columns.find((c) => c.name === m.dateHierarchy && !c.join);
    if (col?.kind !== 'datetime') problems.push(`${at}: dateHierarchy "${m.dateHierarchy}" must be a datetime column of the table listed in columns`);
  }
  if (m.perPage !== undefined && (!Number.isInteger(m.perPage) || m.perPage < 1 || m.perPage > 500)) {
    problems.push(`${at}: perPage must be an integer from 1 to 500`);
  }
  if (m.form) checkFields(`${at} form`, m.form.fields, problems);
  const actionNames = new Set<string>();
  for (const a of m.actions ?? []) {
    if (!URL_NAME.test(a.name) || actionNames.has(a.name)) problems.push(`${at}: action "${a.name}" must be unique and match ${URL_NAME}`);
    actionNames.add(a.name);
  }
  for (const a of m.objectActions ?? []) {
    if (!URL_NAME.test(a.name) || ['change', 'delete'].includes(a.name)) problems.push(`${at}: object action "${a.name}" must match ${URL_NAME} and not be change/delete`);
    checkFields(`${at} object action "${a.name}"`, a.fields, problems);
  }
  for (const i of m.inlines ?? []) {
    if (!IDENTIFIER.test(i.table) || !IDENTIFIER.test(i.fk)) problems.push(`${at}: inline "${i.label}" identifiers must match ${IDENTIFIER}`);
    checkColumns(`${at} inline "${i.label}"`, i.columns, problems);
  }
}

/** Validates every registration; throws AdminConfigError listing all problems at once. */
export function checkRegistry(models: readonly ModelAdmin[]): AdminRegistry {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const m of models) {
    if (names.has(m.name)) problems.push(`model "${m.name}" is registered twice`);
    names.add(m.name);
    checkModel(m, problems);
  }
  // A relation's model serves its look-up link and search box: it must be that table's admin.
  const tables = new Map(models.map((m) => [m.name, m.table]));
  for (const m of models) {
    for (const f of [...(m.form?.fields ?? []), ...(m.objectActions ?? []).flatMap((a) => a.fields)]) {
      const related = f.relation?.model;
      if (related !== undefined && tables.get(related) !== f.relation!.table) {
        problems.push(`model "${m.name}" field "${f.name}": relation.model "${related}" must be a registered model of table "${f.relation!.table}"`);
      }
    }
  }
  if (problems.length > 0) throw new AdminConfigError(problems);
  return new AdminRegistry(models);
}
