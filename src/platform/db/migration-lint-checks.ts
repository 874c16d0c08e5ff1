// The migration linter's checks: one parsed statement in, the rule violations it commits out.
// "Existing table" means any table this file did not create: a table created earlier in the same
// file is empty and unseen by the application, so locking or rewriting it costs nothing.
import type { AlterTableCmd, ColumnDef, Constraint, Node, RangeVar, TypeName } from 'libpg-query';

export interface Violation {
  rule: string;
  message: string;
  /** Byte offset into the file of the offending part, when the parser reports one. */
  location?: number;
}

interface NotNullCheck {
  column: string;
  validated: boolean;
}

/** What the linter learns across files, in version order: the CHECK (col IS NOT NULL) constraints. */
export class SchemaFacts {
  private readonly checks = new Map<string, Map<string, NotNullCheck>>();

  recordCheck(table: string, name: string, column: string, validated: boolean): void {
    const byName = this.checks.get(table) ?? new Map<string, NotNullCheck>();
    byName.set(name, { column, validated });
    this.checks.set(table, byName);
  }

  /** True when the constraint is a known NOT VALID CHECK (col IS NOT NULL), now validated. */
  validate(table: string, name: string): boolean {
    const check = this.checks.get(table)?.get(name);
    if (check === undefined) return false;
    check.validated = true;
    return true;
  }

  drop(table: string, name: string): void {
    this.checks.get(table)?.delete(name);
  }

  provesNotNull(table: string, column: string): boolean {
    return [...(this.checks.get(table)?.values() ?? [])].some((c) => c.validated && c.column === column);
  }
}

/** What one file has done so far. */
export class FileScope {
  readonly tablesCreated = new Set<string>();
  readonly indexesCreated = new Set<string>();
  /** `table constraint` of constraints this transactional file added NOT VALID. */
  readonly addedNotValid = new Set<string>();

  constructor(readonly transactional: boolean) {}

  isExisting(table: string): boolean {
    return !this.tablesCreated.has(table);
  }
}

// Functions whose value does not change within a statement (STABLE or IMMUTABLE): PostgreSQL
// evaluates such a default once and stores it in the catalog, so ADD COLUMN does not rewrite.
const NON_VOLATILE_FUNCTIONS = new Set([
  'now', 'transaction_timestamp', 'statement_timestamp', 'current_setting', 'lower', 'upper', 'btrim', 'trim',
  'concat', 'length', 'char_length', 'abs', 'round', 'make_date', 'make_interval', 'make_timestamptz', 'to_timestamp',
  'date_trunc', 'timezone', 'jsonb_build_object', 'jsonb_build_array', 'json_build_object', 'to_jsonb', 'array_fill',
]);
const INT_TYPES = new Set(['int2', 'int4', 'int', 'integer', 'smallint']);
const SERIAL_INT_TYPES = new Set(['serial', 'serial4', 'smallserial', 'serial2']);
const SERIAL_TYPES = new Set([...SERIAL_INT_TYPES, 'bigserial', 'serial8']);

const str = (n: Node | undefined): string | undefined => (n !== undefined && 'String' in n ? n.String.sval : undefined);

export function tableKey(rel: RangeVar | undefined): string {
  return `${rel?.schemaname ?? 'public'}.${rel?.relname ?? ''}`;
}

function qualifiedName(items: readonly Node[]): string {
  const parts = items.map(str).filter((s): s is string => s !== undefined);
  return parts.length === 1 ? `public.${parts[0]}` : parts.join('.');
}

function typeOf(t: TypeName | undefined): { name: string; hasMods: boolean } {
  return { name: str(t?.names?.at(-1))?.toLowerCase() ?? '', hasMods: (t?.typmods?.length ?? 0) > 0 };
}

/** The names of every function called anywhere inside an expression tree. */
function calledFunctions(tree: unknown, out: string[] = []): string[] {
  if (Array.isArray(tree)) for (const item of tree) calledFunctions(item, out);
  else if (tree !== null && typeof tree === 'object') {
    for (const [key, value] of Object.entries(tree)) {
      if (key === 'FuncCall') out.push(str((value as { funcname?: Node[] }).funcname?.at(-1)) ?? '?');
      calledFunctions(value, out);
    }
  }
  return out;
}

/** `col IS NOT NULL` → col; anything else → undefined. */
function notNullColumn(c: Constraint): string | undefined {
  const expr = c.raw_expr;
  if (expr === undefined || !('NullTest' in expr) || expr.NullTest.nulltesttype !== 'IS_NOT_NULL') return undefined;
  const arg = expr.NullTest.arg;
  if (arg === undefined || !('ColumnRef' in arg) || arg.ColumnRef.fields?.length !== 1) return undefined;
  return str(arg.ColumnRef.fields[0]);
}

const constraintsOf = (col: ColumnDef): Constraint[] =>
  (col.constraints ?? []).flatMap((n) => ('Constraint' in n ? [n.Constraint] : []));

/** Column type rules, for a column being created (CREATE TABLE, ADD COLUMN) or retyped. */
function columnTypeViolations(col: ColumnDef, isId: boolean): Violation[] {
  const { name, hasMods } = typeOf(col.typeName);
  const where = { location: col.typeName?.location ?? col.location };
  const label = col.colname === undefined ? 'the column' : `column "${col.colname}"`;
  const out: Violation[] = [];
  if (name === 'json') out.push({ rule: 'prefer-jsonb', message: `${label} is json`, ...where });
  if (name === 'timestamp') out.push({ rule: 'prefer-timestamptz', message: `${label} is timestamp without time zone`, ...where });
  if (name === 'varchar' && hasMods) out.push({ rule: 'prefer-text', message: `${label} is varchar(n)`, ...where });
  const identity = constraintsOf(col).some((c) => c.contype === 'CONSTR_IDENTITY' || c.contype === 'CONSTR_PRIMARY');
  if (SERIAL_INT_TYPES.has(name) || ((isId || identity) && INT_TYPES.has(name))) {
    out.push({ rule: 'prefer-bigint-id', message: `${label} is an id of type ${name}`, ...where });
  }
  return out;
}

function recordCheck(facts: SchemaFacts, table: string, c: Constraint, defaultName: (col: string) => string): void {
  const column = notNullColumn(c);
  if (column === undefined) return;
  const name = c.conname ?? defaultName(column);
  facts.recordCheck(table, name, column, c.skip_validation !== true);
}

function createTable(stmt: { relation?: RangeVar; tableElts?: Node[] }, facts: SchemaFacts, scope: FileScope): Violation[] {
  const table = tableKey(stmt.relation);
  scope.tablesCreated.add(table);
  const elements = stmt.tableElts ?? [];
  const tableConstraints = elements.flatMap((n) => ('Constraint' in n ? [n.Constraint] : []));
  const pk = tableConstraints.find((c) => c.contype === 'CONSTR_PRIMARY');
  const pkColumn = pk?.keys?.length === 1 ? str(pk.keys[0]) : undefined;
  const checks = [...tableConstraints, ...elements.flatMap((n) => ('ColumnDef' in n ? constraintsOf(n.ColumnDef) : []))];
  for (const c of checks) {
    if (c.contype === 'CONSTR_CHECK') recordCheck(facts, table, c, (col) => `${stmt.relation?.relname}_${col}_check`);
  }
  return elements.flatMap((n) => ('ColumnDef' in n ? columnTypeViolations(n.ColumnDef, n.ColumnDef.colname === pkColumn) : []));
}

function addColumn(col: ColumnDef, table: string, existing: boolean): Violation[] {
  const out = columnTypeViolations(col, false);
  if (!existing) return out;
  const where = { location: col.location };
  const name = `"${col.colname}"`;
  if (SERIAL_TYPES.has(typeOf(col.typeName).name)) {
    out.push({ rule: 'volatile-default', message: `ADD COLUMN ${name} of a serial type fills every row from a sequence`, ...where });
  }
  for (const c of constraintsOf(col)) {
    const at = { location: c.location ?? col.location };
    switch (c.contype) {
      case 'CONSTR_DEFAULT': {
        const volatile = calledFunctions(c.raw_expr).filter((f) => !NON_VOLATILE_FUNCTIONS.has(f));
        if (volatile.length > 0) {
          out.push({
            rule: 'volatile-default',
            message: `ADD COLUMN ${name} on existing table ${table} with a default calling ${volatile.join(', ')}() (volatile, or not known to be stable)`,
            ...at,
          });
        }
        break;
      }
      case 'CONSTR_IDENTITY':
        out.push({ rule: 'volatile-default', message: `ADD COLUMN ${name} … GENERATED AS IDENTITY fills every existing row`, ...at });
        break;
      case 'CONSTR_GENERATED':
        if (c.generated_kind !== 'v') out.push({ rule: 'volatile-default', message: `ADD COLUMN ${name} … GENERATED … STORED computes every existing row`, ...at });
        break;
      case 'CONSTR_FOREIGN':
      case 'CONSTR_CHECK':
        out.push({ rule: 'constraint-not-valid', message: `ADD COLUMN ${name} with an inline ${c.contype === 'CONSTR_CHECK' ? 'CHECK' : 'REFERENCES'} validates every row of ${table}`, ...at });
        break;
      case 'CONSTR_PRIMARY':
      case 'CONSTR_UNIQUE':
        out.push({ rule: 'unique-not-using-index', message: `ADD COLUMN ${name} with an inline ${c.contype === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : 'UNIQUE'} builds its index under lock`, ...at });
        break;
      default:
        break;
    }
  }
  return out;
}

function addConstraint(c: Constraint, table: string, relname: string, facts: SchemaFacts, scope: FileScope): Violation[] {
  const existing = scope.isExisting(table);
  const at = { location: c.location };
  const label = c.conname === undefined ? '' : ` "${c.conname}"`;
  if (c.contype === 'CONSTR_CHECK') recordCheck(facts, table, c, (col) => `${relname}_${col}_check`);
  if (c.skip_validation === true && scope.transactional && c.conname !== undefined) scope.addedNotValid.add(`${table} ${c.conname}`);
  if (!existing) return [];
  switch (c.contype) {
    case 'CONSTR_FOREIGN':
    case 'CONSTR_CHECK':
      if (c.skip_validation === true) return [];
      return [{ rule: 'constraint-not-valid', message: `${c.contype === 'CONSTR_CHECK' ? 'CHECK' : 'FOREIGN KEY'} constraint${label} added to existing table ${table} without NOT VALID`, ...at }];
    case 'CONSTR_PRIMARY':
    case 'CONSTR_UNIQUE':
    case 'CONSTR_EXCLUSION':
      if (c.indexname !== undefined) return [];
      return [{ rule: 'unique-not-using-index', message: `constraint${label} on existing table ${table} builds a new index under an ACCESS EXCLUSIVE lock`, ...at }];
    case 'CONSTR_NOTNULL':
      if (c.skip_validation === true) return [];
      return [{ rule: 'set-not-null-without-check', message: `NOT NULL constraint${label} added to existing table ${table}`, ...at }];
    default:
      return [];
  }
}

function alterTableCmd(cmd: AlterTableCmd, rel: RangeVar | undefined, facts: SchemaFacts, scope: FileScope): Violation[] {
  const table = tableKey(rel);
  const existing = scope.isExisting(table);
  const at = { location: rel?.location };
  const def = cmd.def;
  switch (cmd.subtype) {
    case 'AT_AddColumn':
      return def !== undefined && 'ColumnDef' in def ? addColumn(def.ColumnDef, table, existing) : [];
    case 'AT_AddConstraint':
      return def !== undefined && 'Constraint' in def ? addConstraint(def.Constraint, table, rel?.relname ?? '', facts, scope) : [];
    case 'AT_ValidateConstraint': {
      facts.validate(table, cmd.name ?? '');
      if (!scope.addedNotValid.has(`${table} ${cmd.name}`)) return [];
      return [{ rule: 'validate-in-transaction', message: `constraint "${cmd.name}" is validated in the transaction that added it`, ...at }];
    }
    case 'AT_DropConstraint':
      facts.drop(table, cmd.name ?? '');
      return [];
    case 'AT_SetNotNull':
      if (!existing || facts.provesNotNull(table, cmd.name ?? '')) return [];
      return [{ rule: 'set-not-null-without-check', message: `SET NOT NULL on "${cmd.name}" of existing table ${table}, with no validated CHECK ("${cmd.name}" IS NOT NULL) before it`, ...at }];
    case 'AT_AlterColumnType': {
      const col = def !== undefined && 'ColumnDef' in def ? def.ColumnDef : undefined;
      const types = col === undefined ? [] : columnTypeViolations({ ...col, colname: cmd.name }, false);
      if (!existing) return types;
      return [{ rule: 'column-type-change', message: `ALTER COLUMN "${cmd.name}" TYPE on existing table ${table}`, location: col?.location ?? rel?.location }, ...types];
    }
    case 'AT_DropColumn':
      return existing ? [{ rule: 'drop-column', message: `DROP COLUMN "${cmd.name}" of existing table ${table}`, ...at }] : [];
    case 'AT_SetLogged':
    case 'AT_SetUnLogged':
    case 'AT_SetTableSpace':
    case 'AT_SetAccessMethod':
      return existing ? [{ rule: 'table-rewrite', message: `${cmd.subtype.slice(3)} rewrites existing table ${table}`, ...at }] : [];
    case 'AT_DetachPartition': {
      const concurrent = def !== undefined && 'PartitionCmd' in def && def.PartitionCmd.concurrent === true;
      return concurrent && scope.transactional ? [{ rule: 'concurrently-in-transaction', message: 'DETACH PARTITION CONCURRENTLY in a transactional migration', ...at }] : [];
    }
    default:
      return [];
  }
}

const hasOption = (params: readonly Node[] | undefined, name: string) =>
  (params ?? []).some((p) => 'DefElem' in p && p.DefElem.defname === name);

/** Checks one statement and records what it creates; statements must come in file order. */
export function checkStatement(node: Node, facts: SchemaFacts, scope: FileScope): Violation[] {
  if ('CreateStmt' in node) return createTable(node.CreateStmt, facts, scope);
  if ('CreateTableAsStmt' in node) {
    scope.tablesCreated.add(tableKey(node.CreateTableAsStmt.into?.rel));
    return [];
  }
  if ('IndexStmt' in node) {
    const s = node.IndexStmt;
    const table = tableKey(s.relation);
    if (s.idxname !== undefined) scope.indexesCreated.add(`${s.relation?.schemaname ?? 'public'}.${s.idxname}`);
    const at = { location: s.relation?.location };
    if (s.concurrent === true) {
      return scope.transactional ? [{ rule: 'concurrently-in-transaction', message: 'CREATE INDEX CONCURRENTLY in a transactional migration', ...at }] : [];
    }
    // ON ONLY a partitioned parent builds nothing: the recipe for indexing partitioned tables.
    if (!scope.isExisting(table) || s.relation?.inh !== true) return [];
    return [{ rule: 'index-not-concurrent', message: `CREATE INDEX${s.idxname ? ` ${s.idxname}` : ''} on existing table ${table} without CONCURRENTLY`, ...at }];
  }
  if ('DropStmt' in node) {
    const s = node.DropStmt;
    const names = (s.objects ?? []).map((o) => ('List' in o ? qualifiedName(o.List.items ?? []) : ''));
    if (s.removeType === 'OBJECT_INDEX') {
      if (s.concurrent === true) {
        return scope.transactional ? [{ rule: 'concurrently-in-transaction', message: 'DROP INDEX CONCURRENTLY in a transactional migration' }] : [];
      }
      return names.filter((n) => !scope.indexesCreated.has(n)).map((n) => ({ rule: 'drop-index-not-concurrent', message: `DROP INDEX ${n} without CONCURRENTLY` }));
    }
    if (s.removeType === 'OBJECT_TABLE') {
      return names.filter((n) => scope.isExisting(n)).map((n) => ({ rule: 'drop-table', message: `DROP TABLE ${n}` }));
    }
    return [];
  }
  if ('ReindexStmt' in node) {
    const s = node.ReindexStmt;
    const at = { location: s.relation?.location };
    if (hasOption(s.params, 'concurrently')) {
      return scope.transactional ? [{ rule: 'concurrently-in-transaction', message: 'REINDEX CONCURRENTLY in a transactional migration', ...at }] : [];
    }
    const target = s.relation === undefined ? undefined : tableKey(s.relation);
    if (target !== undefined && (scope.tablesCreated.has(target) || scope.indexesCreated.has(target))) return [];
    return [{ rule: 'index-not-concurrent', message: `REINDEX ${target ?? s.name ?? ''} without CONCURRENTLY`, ...at }];
  }
  if ('AlterTableStmt' in node) {
    const s = node.AlterTableStmt;
    if (s.objtype !== 'OBJECT_TABLE') return [];
    return (s.cmds ?? []).flatMap((c) => ('AlterTableCmd' in c ? alterTableCmd(c.AlterTableCmd, s.relation, facts, scope) : []));
  }
  if ('RenameStmt' in node) {
    const s = node.RenameStmt;
    const table = tableKey(s.relation);
    const at = { location: s.relation?.location };
    if (s.renameType === 'OBJECT_TABLE') {
      if (!scope.isExisting(table)) {
        scope.tablesCreated.add(`${s.relation?.schemaname ?? 'public'}.${s.newname}`);
        return [];
      }
      return [{ rule: 'rename-table', message: `RENAME of existing table ${table} to "${s.newname}"`, ...at }];
    }
    if (s.renameType === 'OBJECT_COLUMN' && s.relationType === 'OBJECT_TABLE' && scope.isExisting(table)) {
      return [{ rule: 'rename-column', message: `RENAME COLUMN "${s.subname}" of existing table ${table} to "${s.newname}"`, ...at }];
    }
    return [];
  }
  if ('ClusterStmt' in node) {
    const rel = node.ClusterStmt.relation;
    if (rel !== undefined && !scope.isExisting(tableKey(rel))) return [];
    return [{ rule: 'table-rewrite', message: `CLUSTER ${rel === undefined ? '(every clustered table)' : tableKey(rel)}`, location: rel?.location }];
  }
  if ('VacuumStmt' in node) {
    const s = node.VacuumStmt;
    if (s.is_vacuumcmd !== true || !hasOption(s.options, 'full')) return [];
    const rels = (s.rels ?? []).flatMap((r) => ('VacuumRelation' in r ? [r.VacuumRelation.relation] : []));
    if (rels.length === 0) return [{ rule: 'table-rewrite', message: 'VACUUM FULL of the whole database' }];
    return rels
      .filter((r) => scope.isExisting(tableKey(r)))
      .map((r) => ({ rule: 'table-rewrite', message: `VACUUM FULL ${tableKey(r)}`, location: r?.location }));
  }
  if ('TransactionStmt' in node) {
    return [{ rule: 'transaction-control', message: `${node.TransactionStmt.kind?.replace('TRANS_STMT_', '') ?? 'transaction control'} in a migration`, location: node.TransactionStmt.location }];
  }
  return [];
}
