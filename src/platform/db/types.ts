// Type parsers handed to every pg pool (per pool, never by mutating pg's global registry).
import pg from 'pg';

const INT8_OID = 20;

/**
 * node-postgres returns int8 as text so that no precision is lost. Ids and cents are int8 here,
 * and the contract sends them as JSON numbers, so they are parsed once, here. Values beyond 2^53
 * cannot occur: ids come from sequences far below it, and amounts are bounded by CHECK constraints
 * (see migrations); a value past the bound fails loudly rather than rounding.
 */
function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${text} is outside the safe integer range`);
  return n;
}

export const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return parseInt8;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;
