// A page of a list searched by substring (`ILIKE '%word%'`), at a cost bounded whatever the word.
//
// The planner cannot be trusted with such a search. It estimates the pattern by the share of the
// column's ~100 histogram bounds the word is found in, so a word from one bound reads as 1 % of
// the table however rare it is. With an ORDER BY … LIMIT it then walks the order's index expecting
// a page within a few thousand rows, and for a rare word reads the whole table: 650–1,260 ms at
// 1,000,000 products (docs/PERFORMANCE.md, "A search word that is a histogram bound").
//
// So a search is made of steps whose cost does not depend on an estimate. First, walks of the
// list's first rows in its order, matching the word among them (a statement that cannot read more
// than its window). A common word fills the page there, stopping early. Only a rare one reaches
// the last step: every match read through bitmap scans (the trigram indexes), the planner held to
// them, whose cost follows the matches, few by then, instead of the table's size.
import type { Db } from './db.ts';

/** Rows of the list's order the first walk reads per row wanted: 2,040 for a page of 50, ~2 ms. */
export const SEARCH_WINDOW_PER_ROW = 40;
/** How much further than the first a second walk may go. */
const MAX_WINDOW_GROWTH = 10;

export interface SearchSteps<R> {
  /** The page's rows matched among the first `window` rows of the list's order only. */
  walk(window: number): Promise<R[]>;
  /** The page's rows matched among every row; run with the planner held to bitmap scans. */
  everyMatch(tx: Db): Promise<R[]>;
}

/**
 * The first `limit` rows matching a search (the page and the row that tells whether another
 * follows). When the first walk found matches but too few, and twice the distance they suggest
 * for a page is within MAX_WINDOW_GROWTH times the first walk, a second walk goes that far: a
 * word in 2 % of the rows is still a walk, not a bitmap of 2 % of the table. Otherwise the word
 * is rare, its matches few, and the bitmap scans read every one of them.
 */
export async function searchRows<R>(db: Db, limit: number, signal: AbortSignal, steps: SearchSteps<R>): Promise<R[]> {
  const first = limit * SEARCH_WINDOW_PER_ROW;
  const walked = await steps.walk(first);
  if (walked.length >= limit) return walked;
  const further = Math.ceil((2 * first * limit) / walked.length); // Infinity for no match
  if (further <= first * MAX_WINDOW_GROWTH) {
    const rows = await steps.walk(further);
    if (rows.length >= limit) return rows;
  }
  return withBitmapScansOnly(db, signal, (tx) => steps.everyMatch(tx));
}

/**
 * Runs fn in a transaction (a savepoint inside one) whose statements are planned with
 * enable_indexscan and enable_seqscan off, leaving bitmap scans the only way to read a table
 * through an index, then puts the settings back as they were, so an enclosing transaction plans
 * its next statements as before.
 */
export function withBitmapScansOnly<T>(db: Db, signal: AbortSignal, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(signal, async (tx) => {
    const [before] = await tx.query<{ indexscan: string; seqscan: string }>(
      `SELECT current_setting('enable_indexscan') AS indexscan, current_setting('enable_seqscan') AS seqscan,
              set_config('enable_indexscan', 'off', true), set_config('enable_seqscan', 'off', true)`,
      [],
      signal,
    );
    const result = await fn(tx);
    await tx.query(`SELECT set_config('enable_indexscan', $1, true), set_config('enable_seqscan', $2, true)`, [before!.indexscan, before!.seqscan], signal);
    return result;
  });
}
