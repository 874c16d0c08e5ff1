import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { Database } from './db.ts';
import { parseTimestamptz } from './types.ts';

const signal = () => new AbortController().signal;
const pgParser = pg.types.getTypeParser(1184, 'text') as (text: string) => Date | number;
const same = (text: string) => [String(parseTimestamptz(text).getTime()), String(Number(pgParser(text)))];

describe('parseTimestamptz', () => {
  it('reads what PostgreSQL sends in UTC exactly as pg’s own parser does, to the millisecond', () => {
    for (const fraction of ['', '.1', '.12', '.123', '.1234', '.12345', '.999999']) {
      for (const date of ['2026-11-21 10:00:00', '1999-12-31 23:59:59', '0099-03-01 00:00:00', '0999-01-01 00:00:00', '1000-01-01 00:00:00', '2024-02-29 12:34:56', '9999-12-31 23:59:59']) {
        const text = `${date}${fraction}+00`;
        const [ours, theirs] = same(text);
        expect(ours, text).toBe(theirs);
      }
    }
    expect(parseTimestamptz('2026-11-21 10:00:00.123456+00').toISOString()).toBe('2026-11-21T10:00:00.123Z');
    for (let i = 0; i < 2_000; i++) {
      const text = new Date(Math.floor(Math.random() * 2.5e14 - 3e13)).toISOString().replace('T', ' ').replace(/\.?0*Z$/, '+00');
      const [ours, theirs] = same(text);
      expect(ours, text).toBe(theirs);
    }
  });

  it('leaves every other form to pg’s parser: other offsets, BC, five-digit years, infinity', () => {
    for (const text of ['2026-11-21 11:30:00.5+01:30', '2026-11-21 05:00:00-05', '0044-03-15 12:00:00+00 BC', '12026-01-01 00:00:00+00']) {
      const [ours, theirs] = same(text);
      expect(ours, text).toBe(theirs);
    }
    expect(parseTimestamptz('infinity')).toBe(pgParser('infinity'));
  });
});

describe('timestamptz from the database', () => {
  let tdb: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = new Database({ connectionString: tdb.url, poolSize: 1, applicationName: 'types-test' });
  });
  afterAll(async () => {
    await db.close();
    await tdb.drop();
  });

  it('is the same instant whatever the session’s time zone', async () => {
    const instant = `'2026-11-21 10:00:00.123456+00'::timestamptz`;
    for (const zone of ['UTC', 'Asia/Kolkata', 'America/New_York']) {
      await db.query(`SET TIME ZONE '${zone}'`, [], signal());
      const [row] = await db.query<{ at: Date; text: string }>(`SELECT ${instant} AS at, ${instant}::text AS text`, [], signal());
      expect(row!.at.toISOString(), `${zone}: ${row!.text}`).toBe('2026-11-21T10:00:00.123Z');
    }
  });
});
