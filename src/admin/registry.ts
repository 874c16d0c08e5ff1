// The admin's registry: what each feature declares about its model (columns, search, filters,
// date drill-down, ordering, form, actions, inlines). Every identifier here comes from our own
// code and is checked at start-up (checks.ts); request input only ever selects among them.
import type { Db } from '../platform/db/db.ts';

/** How a value is shown (and, for sortable columns, compared). */
export type ColumnKind = 'text' | 'int' | 'money' | 'datetime' | 'bool' | 'json';

/** Where a money column's currency comes from: a column of the same row or a fixed code. */
export type CurrencySource = { column: string } | { fixed: string };

/** A to-one relation read with a LEFT JOIN (never a query per row). */
export interface JoinedValue {
  /** Foreign-key column on the model's table. */
  fk: string;
  /** Related table and the column to show from it. */
  table: string;
  column: string;
  /** The related model's admin name, to link to its change page. */
  model?: string;
}

export interface ColumnDef {
  /** A column of the model's table; with `join`, the name the joined value is shown under. */
  name: string;
  label: string;
  kind: ColumnKind;
  join?: JoinedValue;
  /** Sortable columns must be NOT NULL columns of the model's table (keyset pagination needs it). */
  sortable?: boolean;
  currency?: CurrencySource;
  /** Link the cell to the object's change page (default: the first column). */
  link?: boolean;
}

export type FilterDef =
  | { kind: 'choices'; field: string; label: string; choices: readonly (readonly [value: string, label: string])[] }
  | { kind: 'bool'; field: string; label: string }
  /** A foreign key: choices come from the related table (up to a limit, else an id box). */
  | { kind: 'relation'; field: string; label: string; table: string; labelColumn: string }
  /** Any exact value (e.g. the audit log's object id), reached by links rather than listed. */
  | { kind: 'exact'; field: string; label: string };

export type Widget = 'text' | 'textarea' | 'email' | 'money' | 'relation' | 'slug' | 'select' | 'bool';

export interface FieldDef {
  /** The column (and the form field's name); service field errors are reported under it. */
  name: string;
  label: string;
  widget: Widget;
  required?: boolean;
  maxLength?: number;
  help?: string;
  /** money: the currency accepted; `allowNegative` for adjustments. */
  currency?: string;
  allowNegative?: boolean;
  /**
   * relation: the related table and the column shown for each choice. With `model` (the related
   * model's admin name), a table too large for a select gets a link to its list and, with
   * JavaScript, a search box fed by that model's lookup endpoint.
   */
  relation?: { table: string; labelColumn: string; model?: string };
  /** select: the fixed choices. */
  choices?: readonly (readonly [value: string, label: string])[];
  /** slug: the field whose text pre-fills it (admin.js, progressive enhancement). */
  slugFrom?: string;
  /**
   * Shown instead of the service's own message for this field, when that one speaks the API's
   * language (e.g. "an integer from 1 to 100000000" cents, where the admin shows major units).
   */
  serviceMessage?: string;
}

/**
 * A parsed form value: text, an amount in cents or an id, a checkbox's state, or null for an
 * empty optional field.
 */
export type FormValue = string | number | boolean | null;
export type FormValues = Readonly<Record<string, FormValue>>;

/** The staff member acting. */
export interface Actor {
  id: number;
  email: string;
}

/** Given to every write: the admin's open transaction, so the audit row commits with the change. */
export interface WriteContext {
  db: Db;
  signal: AbortSignal;
  actor: Actor;
}

export interface FormDef {
  fields: readonly FieldDef[];
  /** Absent: no add page. Returns the new object's id. */
  create?(values: FormValues, ctx: WriteContext): Promise<number>;
  /** Absent: the change page is read-only. */
  update?(id: number, values: FormValues, ctx: WriteContext): Promise<void>;
}

/** An action on selected rows of the list, always behind a confirmation page. */
export interface BulkAction {
  name: string;
  label: string;
  /** Audited as this action ('delete' rows are recorded as deletions). */
  audit: 'delete' | 'action';
  run(id: number, ctx: WriteContext): Promise<void>;
}

/** An action on one object with a small form of its own (e.g. a balance adjustment). */
export interface ObjectAction {
  name: string;
  label: string;
  fields: readonly FieldDef[];
  /** Returns a one-line summary for the audit log and where to go next (an admin path). */
  run(id: number, values: FormValues, ctx: WriteContext): Promise<{ summary: string; redirect: string }>;
}

/** Related rows shown read-only on the parent's change page (one statement for all of them). */
export interface InlineDef {
  label: string;
  table: string;
  /** Column of `table` pointing at the parent's id. */
  fk: string;
  columns: readonly ColumnDef[];
}

export interface ModelAdmin {
  /** URL segment: /admin/<name>/. */
  name: string;
  label: string;
  labelPlural: string;
  table: string;
  /**
   * A condition on alias `t` that every read adds (e.g. `t.deleted_at IS NULL` for soft delete).
   * Trusted SQL from our own code, never built from input.
   */
  scope?: string;
  /** Column shown as the object's name (titles, confirmation pages, audit rows). */
  titleColumn: string;
  columns: readonly ColumnDef[];
  /** Text columns of the table searched with ILIKE (substring, case-insensitive). */
  searchFields?: readonly string[];
  filters?: readonly FilterDef[];
  /** A timestamptz column for the year → month → day drill-down. */
  dateHierarchy?: string;
  /** Default ordering: a sortable column, `-` for descending. */
  ordering: string;
  perPage?: number;
  /** Shown read-only on the change page (columns of the table, or joined values). */
  readOnlyFields?: readonly ColumnDef[];
  form?: FormDef;
  /** Absent: objects cannot be deleted from the admin. */
  delete?(id: number, ctx: WriteContext): Promise<void>;
  actions?: readonly BulkAction[];
  objectActions?: readonly ObjectAction[];
  inlines?: readonly InlineDef[];
}

/** The registered models, by URL name, in registration order. */
export class AdminRegistry {
  private readonly byName = new Map<string, ModelAdmin>();

  constructor(readonly models: readonly ModelAdmin[]) {
    for (const m of models) this.byName.set(m.name, m);
  }

  get(name: string): ModelAdmin | undefined {
    return this.byName.get(name);
  }
}
