import { describe, expect, it } from 'vitest';
import { isoTimestamp } from './iso-timestamp.ts';

describe('isoTimestamp', () => {
  it('writes what toISOString writes, for dates across four millennia and their edges', () => {
    const dates = [
      new Date(0),
      new Date(Date.UTC(1000, 0, 1)),
      new Date(Date.UTC(999, 11, 31, 23, 59, 59, 999)),
      new Date(Date.UTC(9999, 11, 31, 23, 59, 59, 999)),
      new Date(Date.UTC(10000, 0, 1)),
      new Date(Date.UTC(2024, 1, 29, 7, 5, 3, 9)),
      new Date(-1),
    ];
    for (let i = 0; i < 10_000; i++) dates.push(new Date(Math.floor((Math.random() - 0.3) * 3e14)));
    for (const d of dates) expect(isoTimestamp(d)).toBe(d.toISOString());
  });

  it('throws for an invalid date, as toISOString does', () => {
    expect(() => isoTimestamp(new Date(Number.NaN))).toThrow(RangeError);
  });
});
