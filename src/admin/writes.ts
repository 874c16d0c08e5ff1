// Every change made through the admin runs here: one transaction holding the before-snapshot,
// the feature service's write (on that transaction, via its withDb) and the audit row, so the
// audit log can never disagree with what happened.
import type { FastifyRequest } from 'fastify';
import { withTransaction, type Db, type Row } from '../platform/db/db.ts';
import { NotFoundError } from '../platform/errors.ts';
import { recordAudit, type AuditAction } from './audit.ts';
import { sessionOf, type AdminContext } from './context.ts';
import { objectSql } from './list-sql.ts';
import { runSql } from './list-data.ts';
import type { ColumnDef, FieldDef, ModelAdmin, WriteContext } from './registry.ts';

/** A form field as a column to read back (money in cents, relations as ids, flags as booleans). */
export function fieldColumn(f: FieldDef): ColumnDef {
  if (f.widget === 'money') return { name: f.name, label: f.label, kind: 'money', currency: { fixed: f.currency ?? '' } };
  return { name: f.name, label: f.label, kind: f.widget === 'relation' ? 'int' : f.widget === 'bool' ? 'bool' : 'text' };
}

/** What the audit log keeps of an object: its form fields and read-only fields. */
export function auditColumns(model: ModelAdmin): ColumnDef[] {
  const columns = [...(model.form?.fields ?? []).map(fieldColumn), ...(model.readOnlyFields ?? [])];
  const seen = new Set<string>();
  return columns.filter((c) => c.kind !== 'json' && !seen.has(c.name) && seen.add(c.name));
}

export async function loadObject(db: Db, model: ModelAdmin, columns: readonly ColumnDef[], id: number, signal: AbortSignal): Promise<Row | undefined> {
  const [row] = await runSql(db, objectSql(model, columns, id), signal);
  return row;
}

/** The fields whose values differ, for the audit row's summary ("Changed price_cents, name."). */
function changedFields(before: Row | undefined, after: Row | undefined): string[] {
  if (before === undefined || after === undefined) return [];
  return Object.keys(after).filter((k) => !k.startsWith('__') && JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

export interface AuditedWrite {
  action: AuditAction;
  model: ModelAdmin;
  /** Undefined for a creation: the write returns the new id. */
  id: number | undefined;
  summary?: string;
}

/** What a write may report: a creation's new id, an action's one-line summary for the audit row. */
export interface WriteOutcome {
  id?: number;
  summary?: string;
}

/**
 * Runs `write` in a transaction with before/after snapshots and the audit row. For a creation the
 * write reports the new object's id; NotFoundError when an existing object is missing.
 */
export async function auditedWrite(
  ctx: AdminContext,
  request: FastifyRequest,
  op: AuditedWrite,
  write: (w: WriteContext) => Promise<WriteOutcome | void>,
): Promise<number> {
  const session = sessionOf(request);
  const signal = request.abortSignal;
  const actor = { id: session.userId, email: session.email };
  const columns = auditColumns(op.model);
  return withTransaction(ctx.db, signal, async (tx) => {
    const before = op.id === undefined ? undefined : await loadObject(tx, op.model, columns, op.id, signal);
    if (op.id !== undefined && before === undefined) throw new NotFoundError(op.model.label.toLowerCase());
    const outcome = (await write({ db: tx, signal, actor })) ?? {};
    const id = op.id ?? outcome.id;
    if (id === undefined) throw new Error(`a ${op.action} of ${op.model.name} reported no id`);
    const after = op.action === 'delete' ? undefined : await loadObject(tx, op.model, columns, id, signal);
    const changed = changedFields(before, after);
    const summary = outcome.summary ?? op.summary ?? (op.action === 'update' ? (changed.length === 0 ? 'No fields changed.' : `Changed ${changed.join(', ')}.`) : '');
    await recordAudit(
      tx,
      actor,
      {
        action: op.action,
        model: op.model.name,
        objectId: id,
        objectRepr: String(after?.['__title'] ?? before?.['__title'] ?? id),
        summary,
        before: before ?? null,
        after: after ?? null,
      },
      signal,
    );
    return id;
  });
}
