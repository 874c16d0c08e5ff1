// `kill-web`: kill -9 of a web process --kills times under write-heavy load on `ledgerline web`
// with two web processes; the primary forks a replacement each time. A kill waits until every web
// process is old enough to be listening (and for the cluster not to count a crash loop), so one
// always serves. Expected: every acknowledged (2xx) write is in the database; requests without an
// answer (their connection died with the process) happen only at the kills.
import { credit, ledgerMismatches, seedActors, seedProduct } from './fixtures.ts';
import { HttpClient } from './http.ts';
import { lostWrites, outcomeLabel, startLoad } from './load.ts';
import { readyz, startWeb } from './processes.ts';
import { check, tally } from './report.ts';
import type { Scenario } from './scenario.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * The cluster counts a death within 5 s of a start as a crash loop, and a replacement takes a few
 * seconds (on 2 busy vCPUs) to load and listen: kill only when every web process is older.
 */
const MIN_AGE_MS = 8_000;
/** Requests that die with the killed process end within this long of the kill. */
const KILL_WINDOW_MS = 3_000;

export const killWeb: Scenario = async ({ db, options, say }) => {
  const web = await startWeb({ databaseUrl: db.url, webProcesses: options.webProcesses, pool: options.pool });
  // A connection per request: kept-alive sockets would all stay with the process that survived
  // the previous kill, and the next kill would find its replacement idle.
  const http = new HttpClient(web.port, { maxSockets: options.loops, keepAlive: false });
  try {
    const [staff] = await seedActors(db, 1, { staff: true, prefix: 'staff' });
    const users = await seedActors(db, 8, { prefix: 'loader' });
    const productId = await seedProduct(db, 1);
    for (const u of users) await credit(http, staff!, u.id, 100_000_000);
    const seen = new Map<number, number>(web.webPids().map((p) => [p, http.now() - MIN_AGE_MS]));
    const load = startLoad(http, { loops: options.loops, users, productId, mix: { create_customer: 4, create_order: 4, get_me: 2 } });
    await sleep(2_000);

    const rows: Record<string, unknown>[] = [];
    const kills: number[] = [];
    for (let k = 1; k <= options.kills; k++) {
      for (const p of web.webPids()) if (!seen.has(p)) seen.set(p, http.now());
      const pids = web.webPids().sort((a, b) => seen.get(a)! - seen.get(b)!);
      const youngest = http.now() - seen.get(pids.at(-1)!)!;
      if (youngest < MIN_AGE_MS) await sleep(MIN_AGE_MS - youngest);
      const victim = pids[Math.floor(Math.random() * pids.length)]!;
      const killedAt = http.now();
      process.kill(victim, 'SIGKILL');
      kills.push(killedAt);
      // Replaced: as many web processes as before, the victim not among them (forked; it listens
      // a moment later, which nothing outside the cluster can see), and the service answering.
      let replacedAt = Infinity;
      while (http.now() - killedAt < 30_000) {
        const now = web.webPids();
        if (now.length === options.webProcesses && !now.includes(victim) && (await readyz(web.port))) {
          replacedAt = http.now();
          break;
        }
        await sleep(50);
      }
      await sleep(options.intervalSeconds * 1000);
      const lostHere = load.records.filter((r) => r.status === 0 && r.settledAt >= killedAt && r.settledAt <= killedAt + KILL_WINDOW_MS);
      rows.push({
        kill: k,
        pid: victim,
        replacement_forked_ms: Number.isFinite(replacedAt) ? Math.round(replacedAt - killedAt) : 'never',
        unanswered: lostHere.length,
        unanswered_as: JSON.stringify(tally(lostHere, outcomeLabel)),
      });
      say(`kill ${k}: pid ${victim}; replaced after ${Number.isFinite(replacedAt) ? `${Math.round(replacedAt - killedAt)} ms` : 'NEVER'}; ${lostHere.length} requests unanswered`);
    }
    await load.stop();

    const records = load.records;
    const httpFailures = records.filter((r) => r.status !== 0 && (r.status < 200 || r.status >= 300));
    const unanswered = records.filter((r) => r.status === 0);
    const outside = unanswered.filter((r) => !kills.some((t) => r.settledAt >= t && r.settledAt <= t + KILL_WINDOW_MS));
    const { acknowledged, lost } = await lostWrites(db, records);
    const mismatches = await ledgerMismatches(db, users.map((u) => u.id));
    return {
      tables: [
        { title: `kill -9 of a web process under write load (${options.loops} loops, ${options.webProcesses} web processes)`, rows },
        {
          title: 'totals',
          rows: [
            { metric: 'requests', value: records.length },
            { metric: 'outcomes', value: JSON.stringify(tally(records, outcomeLabel)) },
            { metric: 'acknowledged writes / lost', value: `${acknowledged} / ${lost.length}` },
          ],
        },
      ],
      checks: [
        check('every acknowledged write is durable', lost.length === 0, `${acknowledged} acknowledged, ${lost.length} missing`),
        check('every HTTP response is 2xx or a problem', httpFailures.every((r) => r.problem), JSON.stringify(tally(httpFailures, outcomeLabel))),
        check('unanswered requests only at the kills', outside.length === 0, `${unanswered.length} unanswered, ${outside.length} away from a kill`),
        check('every killed process replaced', rows.every((r) => typeof r['replacement_forked_ms'] === 'number') && web.child.exitCode === null, 'the primary forked a new web process each time'),
        check('balances equal their ledgers', mismatches.length === 0, `${mismatches.length} mismatches`),
      ],
      data: {
        kills: rows,
        kill_times_ms: kills.map(Math.round),
        requests: records.length,
        outcomes: tally(records, outcomeLabel),
        acknowledged_writes: acknowledged,
        lost_writes: lost.length,
        unanswered: unanswered.map((r) => ({ op: r.op, error: r.error, sent_ms: Math.round(r.sentAt), settled_ms: Math.round(r.settledAt) })),
      },
    };
  } finally {
    http.close();
    await web.stop();
  }
};
