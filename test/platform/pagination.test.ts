import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../src/platform/errors.ts';
import { decodeCursor, encodeCursor, toPage } from '../../src/platform/pagination.ts';

describe('keyset pagination', () => {
  it('round-trips a cursor of the expected shape', () => {
    expect(decodeCursor(encodeCursor([1999, 42]), ['number', 'number'] as const)).toEqual([1999, 42]);
  });

  it('rejects tampered, foreign or malformed cursors as bad requests', () => {
    for (const bad of ['!!!', encodeCursor(['x']), encodeCursor([1, 2]), Buffer.from('{"id":1}').toString('base64url'), encodeCursor([1.5])]) {
      expect(() => decodeCursor(bad, ['number'] as const)).toThrow(BadRequestError);
    }
  });

  it('uses the extra row to decide whether a next page exists', () => {
    const rows = [{ id: 5 }, { id: 4 }, { id: 3 }];
    const full = toPage(rows, 2, (r) => [r.id], (r) => r.id);
    expect(full.items).toEqual([5, 4]);
    expect(decodeCursor(full.nextCursor!, ['number'] as const)).toEqual([4]);
    expect(toPage(rows, 3, (r) => [r.id], (r) => r.id).nextCursor).toBeNull();
  });
});
