// The commerce half of the benchmark seed, set-based like the rest: categories, products, paid
// balance orders of three items each, and the balance ledger that pays for them, each table filled
// by one INSERT … SELECT over generate_series/unnest. The rows satisfy the schema's CHECKs and the
// product's invariants, as if placed through OrderService:
//   - line_total_cents = unit_price_cents × qty, and an order's total is the sum of its lines;
//   - every order is `paid` by `balance`, with paid_at, and has its `order_debit` ledger row
//     (reference `order:<id>`);
//   - each user has one `adjustment` row that funds the seeded orders plus `fundCents` to spend,
//     and balance_cents is set to the sum of the user's ledger rows.
import type pg from 'pg';
import type { SeedSize } from './options.ts';

/**
 * Which of the n live products (numbered k = 0…n-1) line j (0–2) of an order gets: spread by a
 * multiplicative hash, and never the same product twice in one order (n ≥ 3).
 */
const PRODUCT_OF_LINE = `((o.order_id * 2654435761) % n.n + j * (n.n / 3)) % n.n`;

export async function seedCatalog(client: pg.ClientBase, size: SeedSize): Promise<void> {
  await client.query(
    `INSERT INTO categories (name, slug)
     SELECT 'Category ' || g, 'category-' || g FROM generate_series(1, $1::int) AS g`,
    [size.categories],
  );
  // created_at one second apart, newest first for g = 1, so the default ordering has no ties.
  await client.query(
    `WITH c AS (SELECT array_agg(id ORDER BY id) AS ids FROM categories)
     INSERT INTO products (name, description, price_cents, category_id, created_at)
     SELECT (ARRAY['Red', 'Blue', 'Large', 'Small', 'Classic', 'Deluxe'])[1 + g % 6] || ' '
              || (ARRAY['chair', 'lamp', 'table', 'mug', 'shirt', 'kettle', 'book'])[1 + g % 7] || ' '
              || substr(md5(g::text), 1, 8),
            -- Mostly words from small lists, so the trigram indexes stay about as big as a real
            -- catalog's (random text would make them, and their build, several times larger).
            'A ' || (ARRAY['sturdy', 'light', 'handmade', 'vintage', 'modern', 'compact', 'elegant'])[1 + g % 7]
              || ' ' || (ARRAY['piece', 'design', 'classic', 'favourite', 'essential'])[1 + (g / 7) % 5]
              || ' made of ' || (ARRAY['oak', 'steel', 'cotton', 'glass', 'ceramic', 'linen', 'walnut', 'brass'])[1 + (g / 35) % 8]
              || ', batch ' || substr(md5(g::text), 9, 6),
            100 + (g::bigint * 7919) % 99900,
            c.ids[1 + g % cardinality(c.ids)],
            now() - make_interval(secs => g)
       FROM c CROSS JOIN generate_series(1, $1::int) AS g`,
    [size.products],
  );
}

/**
 * Orders for `userIds` (ordersPerUser each, three lines of qty 1–3), then the ledger and the
 * balances. Order ids are assigned here (OVERRIDING SYSTEM VALUE, the identity moved past them
 * after), so lines and orders are planned together in one temporary table.
 */
export async function seedOrders(client: pg.ClientBase, userIds: readonly number[], size: SeedSize, currency = 'USD'): Promise<void> {
  if (size.ordersPerUser > 0) {
    await client.query(
      `CREATE TEMPORARY TABLE bench_lines ON COMMIT DROP AS
       WITH p AS (SELECT id, name, price_cents, row_number() OVER (ORDER BY id) - 1 AS k FROM products WHERE deleted_at IS NULL),
            o AS (SELECT u.id AS user_id, g AS order_no,
                         (SELECT coalesce(max(id), 0) FROM orders) + (u.ord - 1) * $2::int + g AS order_id
                    FROM unnest($1::bigint[]) WITH ORDINALITY AS u(id, ord)
                    CROSS JOIN generate_series(1, $2::int) AS g),
            n AS (SELECT count(*) AS n FROM p)
       SELECT o.order_id, o.user_id, o.order_no, j AS line, p.id AS product_id, p.name AS product_name,
              p.price_cents AS unit_price_cents, (1 + (o.order_id + j) % 3)::int AS qty
         FROM o CROSS JOIN n CROSS JOIN generate_series(0, 2) AS j
         JOIN p ON p.k = ${PRODUCT_OF_LINE}`,
      [userIds, size.ordersPerUser],
    );
    // An order's lines were planned together, so its total is their sum; a user's newest order
    // (the highest order_no) is a minute old, the oldest ordersPerUser minutes.
    await client.query(
      `INSERT INTO orders (id, user_id, status, payment_method, total_cents, currency, created_at, paid_at)
       OVERRIDING SYSTEM VALUE
       SELECT order_id, user_id, 'paid', 'balance', sum(unit_price_cents * qty), $2::text, t, t
         FROM (SELECT *, now() - make_interval(mins => $1::int + 1 - order_no) AS t FROM bench_lines) AS l
        GROUP BY order_id, user_id, t
        ORDER BY order_id`,
      [size.ordersPerUser, currency],
    );
    await client.query(
      `INSERT INTO order_items (order_id, product_id, product_name, unit_price_cents, qty, line_total_cents)
       SELECT order_id, product_id, product_name, unit_price_cents, qty, unit_price_cents * qty
         FROM bench_lines ORDER BY order_id, line`,
    );
    await client.query(`SELECT setval(pg_get_serial_sequence('orders', 'id'), (SELECT max(id) FROM orders))`);
  }
  // The funding first (older than any order), then one debit per order.
  await client.query(
    `INSERT INTO balance_ledger (user_id, amount_cents, kind, reference, created_at)
     SELECT u.id, $2::bigint + coalesce(spent.total, 0), 'adjustment', 'benchmark funding', now() - interval '1 day'
       FROM unnest($1::bigint[]) AS u(id)
       LEFT JOIN (SELECT user_id, sum(total_cents) AS total FROM orders GROUP BY user_id) AS spent ON spent.user_id = u.id
     UNION ALL
     SELECT user_id, -total_cents, 'order_debit', 'order:' || id, created_at
       FROM (SELECT * FROM orders WHERE user_id = ANY($1::bigint[]) ORDER BY id) AS o`,
    [userIds, size.fundCents],
  );
  await client.query(
    `UPDATE users SET balance_cents = l.total
       FROM (SELECT user_id, sum(amount_cents) AS total FROM balance_ledger WHERE user_id = ANY($1::bigint[]) GROUP BY user_id) AS l
      WHERE users.id = l.user_id`,
    [userIds],
  );
}

/** Users whose balance is not the sum of their ledger rows: must be none, after seeding and after W4. */
export async function balanceMismatches(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM users u
      WHERE u.balance_cents <> coalesce((SELECT sum(amount_cents) FROM balance_ledger l WHERE l.user_id = u.id), 0)`,
  );
  return rows[0]!.n;
}

/** A random sample of live product ids, for W4's order lines. */
export async function sampleProducts(client: pg.ClientBase, count: number): Promise<number[]> {
  const { rows } = await client.query<{ id: string }>(`SELECT id FROM products WHERE deleted_at IS NULL ORDER BY random() LIMIT $1`, [count]);
  return rows.map((r) => Number(r.id));
}

/**
 * Rows whose foreign key points nowhere (the seed loads with the key triggers off, see seed.ts):
 * must be zero, and the seed fails otherwise.
 */
export async function danglingReferences(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT ((SELECT count(*) FROM order_items i WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = i.order_id))
           + (SELECT count(*) FROM order_items i WHERE NOT EXISTS (SELECT 1 FROM products p WHERE p.id = i.product_id))
           + (SELECT count(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = o.user_id))
           + (SELECT count(*) FROM balance_ledger l WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = l.user_id))
           + (SELECT count(*) FROM products p WHERE p.category_id IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM categories c WHERE c.id = p.category_id)))::int AS n`,
  );
  return rows[0]!.n;
}
