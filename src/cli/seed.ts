// `seed [--demo]`: data a database needs to be useful. Ledgerline needs no base data yet (no
// lookup tables to fill), so plain `seed` checks the schema and says so; `--demo` adds the demo
// data set (seed-demo.ts) through the services, idempotently. Never in production: the demo
// accounts' passwords are public.
import { buildCliServices, migrator } from '../main.ts';
import { DEMO_CATEGORIES, DEMO_CUSTOMERS, DEMO_STAFF } from './seed-demo-data.ts';
import { formatDemoReport, seedDemo } from './seed-demo.ts';
import { config, print, quietLogger, withDatabaseServer, type Command } from './command.ts';

function demoSummary(): string {
  const products = DEMO_CATEGORIES.reduce((n, c) => n + c.products.length, 0);
  const accounts = [DEMO_STAFF, ...DEMO_CUSTOMERS];
  return (
    `${DEMO_CATEGORIES.length} categories with ${products} products, ${accounts.length} accounts ` +
    `(${accounts.map((a) => a.email).join(', ')}), funded balances, customers, invoices and orders`
  );
}

export const seedCommand: Command = {
  name: 'seed',
  summary: 'add base data (none is needed yet); --demo adds a demo catalog, users, invoices and orders',
  args: '[--demo]',
  details: [
    `--demo   ${demoSummary()}.`,
    '         Built through the services, like API calls; running it again adds nothing.',
    '         Prints how to log in. Refused with APP_ENV=production: the demo passwords are public.',
    'The database must be migrated first (`ledgerline migrate`, or `ledgerline start` once).',
  ],
  options: { demo: { type: 'boolean' } },
  async run(flags, _positionals, ctx) {
    const cfg = config(ctx);
    const demo = flags['demo'] === true;
    if (demo && cfg.appEnv === 'production') {
      print(ctx.io.stderr, 'Error: `seed --demo` creates accounts whose passwords are public; it is refused with APP_ENV=production.');
      return 1;
    }
    const logger = quietLogger(cfg);
    return withDatabaseServer(cfg, logger, async (url) => {
      const pending = (await migrator(url, logger).status()).filter((s) => s.state !== 'applied');
      if (pending.length > 0) {
        print(ctx.io.stderr, `Error: ${pending.length} migration(s) not applied; run \`ledgerline migrate\` first.`);
        return 1;
      }
      if (!demo) {
        print(ctx.io.stdout, 'Nothing to seed: Ledgerline needs no base data yet; the database is ready.');
        print(ctx.io.stdout, `\`ledgerline seed --demo\` would add ${demoSummary()}.`);
        return 0;
      }
      const { db, services } = buildCliServices(cfg, url);
      try {
        const report = await seedDemo(services, new AbortController().signal);
        print(ctx.io.stdout, formatDemoReport(report));
        return 0;
      } finally {
        await db.close();
      }
    });
  },
};
