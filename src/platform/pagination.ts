// Keyset pagination: services fetch `limit + 1` rows ordered by a unique key; the extra row says
// whether a next page exists, and the cursor is the last returned row's key, opaque to clients.
import { BadRequestError } from './errors.ts';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  cursor: string | undefined;
}

/** Encodes a row's sort key (e.g. `[id]` or `[price_cents, id]`) as an opaque string. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * Decodes a cursor made by encodeCursor, checking it has the expected shape;
 * a tampered or foreign cursor is a 400, never a 500 or a silent first page.
 */
export function decodeCursor<K extends readonly ('string' | 'number')[]>(
  cursor: string,
  shape: K,
): { [I in keyof K]: K[I] extends 'string' ? string : number } {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const ok =
    Array.isArray(key) &&
    key.length === shape.length &&
    key.every((v, i) => (shape[i] === 'number' ? Number.isSafeInteger(v) : typeof v === 'string'));
  if (!ok) throw new BadRequestError('pagination.invalid_cursor', 'The cursor is invalid.');
  return key as never;
}

/** Turns `limit + 1` fetched rows into a page. */
export function toPage<R, T>(rows: R[], limit: number, keyOf: (row: R) => readonly (string | number)[], map: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return { items: pageRows.map(map), nextCursor: more && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
