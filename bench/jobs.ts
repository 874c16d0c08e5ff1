// `npm run bench:jobs`: the job queue benchmark on its own (jobs-bench.ts does the measuring).
//   npx tsx bench/jobs.ts [--jobs 20000] [--concurrency 50] [--latency-jobs 1000] [--rate 200]
// --concurrency also takes a list (4,50). Its own embedded PostgreSQL under var/bench-jobs (default
// durability: fsync on); `npm run bench` runs the same measurement as its JOBS workload.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedPostgres } from '../src/platform/db/embedded.ts';
import { ensureFreshBuild } from './build.ts';
import { formatJobs, measureJobs, type JobsResult } from './jobs-bench.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    jobs: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '50' },
    'latency-jobs': { type: 'string', default: '1000' },
    rate: { type: 'string', default: '200' },
    'data-dir': { type: 'string', default: path.join(ROOT, 'var', 'bench-jobs') },
  },
});
const say = (line: string) => process.stderr.write(`${line}\n`);
// The worker runs from dist/ as production runs it, not from the sources through tsx.
ensureFreshBuild(say);

const embedded = await startEmbeddedPostgres({ dataDir: path.resolve(args['data-dir']) });
try {
  const results: JobsResult[] = [];
  for (const concurrency of args.concurrency.split(',').map(Number)) {
    say(`WORKER_CONCURRENCY=${concurrency}:`);
    const settings = { jobs: Number(args.jobs), concurrency, latencyJobs: Number(args['latency-jobs']), rate: Number(args.rate) };
    results.push(await measureJobs(embedded.urlFor, settings, say));
  }
  process.stdout.write(`\n${formatJobs(results)}\n`);
} finally {
  await embedded.stop();
}
