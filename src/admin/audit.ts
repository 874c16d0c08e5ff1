// The admin's audit log: one row per change made through the admin (who, when, which object,
// before/after). Written on the transaction that makes the change, so both commit or neither.
import type { Db, Row } from '../platform/db/db.ts';
import { insertAuditEntry, type Json } from './queries.queries.ts';
import type { Actor } from './registry.ts';

export type AuditAction = 'create' | 'update' | 'delete' | 'action';

export interface AuditEntry {
  action: AuditAction;
  model: string;
  /** A row's id; a job's uuid. */
  objectId: number | string;
  objectRepr: string;
  summary?: string;
  before?: Row | null;
  after?: Row | null;
}

/** A snapshot fit for jsonb: internal `__` keys dropped, dates as ISO strings. */
export function snapshot(row: Row | null | undefined): Json | null {
  if (row === null || row === undefined) return null;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key.startsWith('__')) continue;
    out[key] = value instanceof Date ? value.toISOString() : (value as Json);
  }
  return out;
}

/** Records one change on `db`, the transaction that made it. */
export async function recordAudit(db: Db, actor: Actor, entry: AuditEntry, signal: AbortSignal): Promise<void> {
  await db.run(
    insertAuditEntry,
    {
      actorId: actor.id,
      actorEmail: actor.email,
      action: entry.action,
      model: entry.model,
      objectId: String(entry.objectId),
      objectRepr: [...entry.objectRepr].slice(0, 300).join(''),
      summary: [...(entry.summary ?? '')].slice(0, 300).join(''),
      before: snapshot(entry.before),
      after: snapshot(entry.after),
    },
    signal,
  );
}
