// Admin list timings on a large catalog, on their own (admin-bench.ts does the measuring):
//   npx tsx bench/admin-list.ts [--products 1000000] [--runs 30] [--data-dir var/bench-admin]
// The first run seeds the products into a database of its own under the data directory (minutes
// for a million); later runs reuse it. `npm run bench -- --workloads ADMIN` runs the same.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatAdmin, measureAdminList } from './admin-bench.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    products: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '30' },
    'data-dir': { type: 'string', default: path.join(ROOT, 'var', 'bench-admin') },
  },
});
const say = (line: string) => process.stderr.write(`${line}\n`);

const result = await measureAdminList({ dataDir: path.resolve(values['data-dir']), products: Number(values.products), runs: Number(values.runs) }, say);
process.stdout.write(`\n${formatAdmin(result)}\n`);
