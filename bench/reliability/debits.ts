// `debits`: 1,000 concurrent balance debits against `ledgerline web` with two web processes, on a
// balance that covers exactly half of them. Half are balance-paid orders by the user, half negative
// staff adjustments. Expected: exactly the covered half succeed, the rest are 422
// insufficient-funds, the balance never goes below zero and equals the sum of its ledger rows.
import type { ScenarioResult, Scenario } from './scenario.ts';
import { credit, ledgerMismatches, seedActors, seedProduct } from './fixtures.ts';
import { HttpClient } from './http.ts';
import { outcomeLabel } from './load.ts';
import { cpuSeconds, startWeb } from './processes.ts';
import { check, maxOf, percentile, round1, tally } from './report.ts';

export const debits: Scenario = async ({ db, options, say }) => {
  const n = options.requests;
  const amount = options.amount;
  const web = await startWeb({ databaseUrl: db.url, webProcesses: options.webProcesses, pool: options.pool });
  try {
    const [staff] = await seedActors(db, 1, { staff: true, prefix: 'staff' });
    const [buyer] = await seedActors(db, 1, { prefix: 'buyer' });
    const productId = await seedProduct(db, amount);
    // One socket per request: all of them in flight at once, spread over the web processes.
    const http = new HttpClient(web.port, { maxSockets: n });
    const startBalance = Math.floor(n / 2) * amount;
    await credit(http, staff!, buyer!.id, startBalance);
    const pids = web.webPids();
    const cpuBefore = pids.map((p) => cpuSeconds(p) ?? 0);
    say(`firing ${n} concurrent debits of ${amount} cents on a balance of ${startBalance} cents (${pids.length} web processes)`);

    const started = http.now();
    const outcomes = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        i % 2 === 0
          ? http.request('POST', '/api/v1/orders', { token: buyer!.token, body: { items: [{ product_id: productId, qty: 1 }], payment_method: 'balance' } })
          : http.request('POST', `/api/v1/users/${buyer!.id}/balance-adjustments`, { token: staff!.token, body: { amount_cents: -amount, reason: `debit ${i}` } }),
      ),
    );
    const wallMs = http.now() - started;
    const cpu = pids.map((p, i) => round1((cpuSeconds(p) ?? 0) - cpuBefore[i]!));
    http.close();

    const successes = outcomes.filter((o) => o.status === 201).length;
    const insufficient = outcomes.filter((o) => o.status === 422 && (o.body as { type?: string } | undefined)?.type?.endsWith('/insufficient-funds')).length;
    const [row] = await db.query<{ balance: string; ledger: string; debits: string; paid: string }>(
      `SELECT u.balance_cents AS balance,
              (SELECT COALESCE(sum(amount_cents), 0) FROM balance_ledger WHERE user_id = u.id) AS ledger,
              (SELECT count(*) FROM balance_ledger WHERE user_id = u.id AND amount_cents < 0) AS debits,
              (SELECT count(*) FROM orders WHERE user_id = u.id AND status = 'paid') AS paid
         FROM users u WHERE u.id = $1`,
      [buyer!.id],
    );
    const finalBalance = Number(row!.balance);
    const orderSuccesses = outcomes.filter((o, i) => i % 2 === 0 && o.status === 201).length;
    const latencies = outcomes.map((o) => o.settledAt - o.sentAt);
    const mismatches = await ledgerMismatches(db, [buyer!.id]);

    const result: ScenarioResult = {
      tables: [
        {
          title: 'debits',
          rows: [
            { metric: 'requests (orders + adjustments)', value: `${n} (${Math.ceil(n / 2)} + ${Math.floor(n / 2)})` },
            { metric: 'web processes (CPU seconds each)', value: `${pids.length} (${cpu.join(', ')})` },
            { metric: 'starting balance (cents)', value: startBalance },
            { metric: 'successes (201)', value: `${successes} (orders ${orderSuccesses}, adjustments ${successes - orderSuccesses})` },
            { metric: '422 insufficient-funds', value: insufficient },
            { metric: 'outcomes', value: JSON.stringify(tally(outcomes, outcomeLabel)) },
            { metric: 'final balance / ledger sum (cents)', value: `${finalBalance} / ${Number(row!.ledger)}` },
            { metric: 'wall time (ms)', value: Math.round(wallMs) },
            { metric: 'latency p50 / p99 / max (ms)', value: `${Math.round(percentile(latencies, 50))} / ${Math.round(percentile(latencies, 99))} / ${Math.round(maxOf(latencies))}` },
          ],
        },
      ],
      checks: [
        check('no overdraft', finalBalance >= 0, `final balance ${finalBalance}`),
        check('successes × amount = start − final', successes * amount === startBalance - finalBalance, `${successes} × ${amount} vs ${startBalance} − ${finalBalance}`),
        check('balance equals the sum of its ledger rows', mismatches.length === 0 && finalBalance === Number(row!.ledger), `ledger ${Number(row!.ledger)}`),
        check('one ledger row per success', Number(row!.debits) === successes && Number(row!.paid) === orderSuccesses, `${row!.debits} debit rows, ${row!.paid} paid orders`),
        check('every request answered 201 or 422 insufficient-funds', successes + insufficient === n, JSON.stringify(tally(outcomes, outcomeLabel))),
        check('exactly the covered debits succeeded', successes === Math.floor(startBalance / amount), `${successes} of ${Math.floor(startBalance / amount)} covered`),
        check('both web processes served', pids.length === options.webProcesses && cpu.every((c) => c > 0.2), `CPU seconds ${cpu.join(', ')}`),
      ],
      data: { requests: n, amount_cents: amount, start_balance: startBalance, final_balance: finalBalance, ledger_sum: Number(row!.ledger), successes, order_successes: orderSuccesses, insufficient, outcomes: tally(outcomes, outcomeLabel), wall_ms: Math.round(wallMs), latency_ms: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: maxOf(latencies) }, web_cpu_seconds: cpu },
    };
    return result;
  } finally {
    await web.stop();
  }
};
