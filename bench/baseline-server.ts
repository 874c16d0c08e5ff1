// The yardstick: a bare Fastify + pg server doing one primary-key lookup per request on the same
// invoices table, with the same pool size, answering the row as JSON. No auth, no validation
// schema, no hooks, no logging: what Ledgerline costs is measured against this.
//
//   DATABASE_URL=postgres://… PORT=8090 POOL_SIZE=10 node --import tsx bench/baseline-server.ts
import Fastify from 'fastify';
import pg from 'pg';

const port = Number(process.env.PORT ?? 8090);
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) });
pool.on('error', () => undefined); // an idle client losing its connection must not crash the yardstick

const app = Fastify({ logger: false });

// A named statement is parsed and planned once per connection, as Ledgerline's generated queries
// are, so both sides pay the same on the PostgreSQL side of the protocol.
const BY_ID = 'SELECT * FROM invoices WHERE id = $1';

app.get<{ Params: { id: string } }>('/api/v1/invoices/:id', async (request, reply) => {
  const id = Number(request.params.id);
  if (!Number.isSafeInteger(id) || id < 1) return reply.code(400).send({ status: 400 });
  const { rows } = await pool.query({ name: 'invoice_by_id', text: BY_ID, values: [id] });
  if (rows.length === 0) return reply.code(404).send({ status: 404 });
  return rows[0];
});

app.get('/readyz', async () => {
  await pool.query('SELECT 1');
  return { status: 'ok' };
});

await app.listen({ host: '127.0.0.1', port });

// Exit by returning from the event loop (not process.exit), so `node --cpu-prof` writes its profile.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app
      .close()
      .then(() => pool.end())
      .catch(() => undefined);
  });
}
