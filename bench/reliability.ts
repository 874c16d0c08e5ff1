// `npm run bench:reliability -- <scenario>`: fault scenarios against Ledgerline as production runs
// it (`ledgerline web` / `worker` child processes) on an embedded PostgreSQL of the harness's own,
// with a fresh database per run. Not part of `npm test`; results in docs/RELIABILITY.md.
//
//   debits    1,000 concurrent balance debits over two web processes: no overdraft, ledger intact
//   restarts  PostgreSQL restarted 10 times under load: 2xx writes durable, failures are problems
//   kill-web  kill -9 of web processes under write load: every acknowledged write durable
//   workers   2 workers × 20 kill -9 during 2,000 send_email jobs: none lost, no e-mail twice
//   soak      minutes of mixed load at 70% of peak: no errors, flat memory
//
// Each prints its tables and checks (exit status 1 when a check fails) and writes JSON under
// var/bench/reliability/.
import { ensureFreshBuild } from './build.ts';
import { openDatabase } from './reliability/database.ts';
import { debits } from './reliability/debits.ts';
import { killWeb } from './reliability/kill-web.ts';
import { printChecks, printTable, say, writeResult } from './reliability/report.ts';
import { restarts } from './reliability/restarts.ts';
import { parseOptions, type Scenario, type ScenarioName } from './reliability/scenario.ts';
import { soak } from './reliability/soak.ts';
import { workers } from './reliability/workers.ts';

const RUN: Record<ScenarioName, Scenario> = { debits, restarts, 'kill-web': killWeb, workers, soak };

let options;
try {
  options = parseOptions(process.argv.slice(2));
} catch (err) {
  say((err as Error).message);
  process.exit(2);
}
say(`reliability scenario "${options.scenario}"`);
// Its processes run from dist/ as production runs them, not from the sources through tsx.
ensureFreshBuild(say);
const db = await openDatabase(say);
try {
  const started = performance.now();
  const result = await RUN[options.scenario]({ db, options, say });
  for (const table of result.tables) printTable(table.title, table.rows);
  printChecks(result.checks);
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const file = writeResult(options.scenario, { options, seconds, checks: result.checks, ...result.data });
  say(`\n${result.checks.every((c) => c.pass) ? 'all checks passed' : 'SOME CHECKS FAILED'} in ${seconds} s; written to ${file}`);
  process.exitCode = result.checks.every((c) => c.pass) ? 0 : 1;
} finally {
  await db.close();
}
