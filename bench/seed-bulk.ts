// Bulk-load helper for the benchmark seed: the secondary indexes of the tables being filled are
// dropped first and built again at the end, from their own definitions (pg_get_indexdef keeps
// partial predicates, operator classes and options such as fastupdate=off). One sorted build is
// far cheaper than maintaining a b-tree, and above all the pg_trgm GIN indexes, row by row: at a
// million products that is the difference between seconds and many minutes. Primary keys and
// unique constraints stay, since the inserts rely on them.
import type pg from 'pg';

interface IndexDefinition {
  name: string;
  definition: string;
}

/** Secondary (non-constraint) indexes of `tables`, with the statements that recreate them. */
async function secondaryIndexes(client: pg.ClientBase, tables: readonly string[]): Promise<IndexDefinition[]> {
  const { rows } = await client.query<IndexDefinition>(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_class t ON t.oid = i.indrelid
      WHERE t.relname = ANY($1::text[]) AND t.relnamespace = 'public'::regnamespace
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
      ORDER BY c.relname`,
    [tables],
  );
  return rows;
}

/**
 * Runs `load` (inside the caller's transaction) with the secondary indexes of `tables` dropped,
 * then recreates them; returns how long the rebuild took. A failure rolls the drops back with
 * everything else.
 */
export async function withIndexesDeferred(client: pg.ClientBase, tables: readonly string[], load: () => Promise<void>): Promise<number> {
  const indexes = await secondaryIndexes(client, tables);
  for (const index of indexes) await client.query(`DROP INDEX ${client.escapeIdentifier(index.name)}`);
  await load();
  const started = performance.now();
  // More memory per build keeps a large GIN or b-tree sort out of temporary files.
  await client.query(`SET LOCAL maintenance_work_mem = '512MB'`);
  for (const index of indexes) await client.query(index.definition);
  return performance.now() - started;
}
