// START: how long `ledgerline web` takes from spawn to its first 200 from /readyz against the
// migrated and seeded bench database, and its RSS at that moment. The first start in the run pays
// for whatever the OS has not cached yet (the bench process itself has loaded much of the same
// source, so it is not a cold boot of the machine); the starts after it are warm, and their median
// is the warm start time. Each start waits for a quiet machine first, as the load rounds do.
import { median } from './report.ts';
import { groupRss } from './rss.ts';
import { startLedgerline, type ServerSettings } from './servers.ts';

export interface StartRun {
  ready_ms: number;
  rss_at_ready_mib: number;
  processes: number;
}

export interface StartTimes {
  /** The first start of `ledgerline web` in this run. */
  first: StartRun;
  warm: StartRun[];
  warm_median_ms: number;
  warm_rss_at_ready_median_mib: number;
}

export async function measureStarts(
  settings: ServerSettings,
  warmStarts: number,
  waitForQuiet: () => Promise<unknown>,
  say: (line: string) => void,
): Promise<StartTimes> {
  const runs: StartRun[] = [];
  for (let i = 0; i <= warmStarts; i++) {
    await waitForQuiet();
    const server = await startLedgerline({ ...settings, profileDir: undefined });
    const { mib, processes } = groupRss(server.pid);
    await server.stop();
    runs.push({ ready_ms: server.readyMs, rss_at_ready_mib: mib, processes });
    say(`  start ${i + 1}${i === 0 ? ' (first in this run)' : ''}: ready in ${server.readyMs} ms, RSS ${mib.toFixed(1)} MiB`);
  }
  const [first, ...warm] = runs as [StartRun, ...StartRun[]];
  return {
    first,
    warm,
    warm_median_ms: median(warm.map((r) => r.ready_ms)),
    warm_rss_at_ready_median_mib: median(warm.map((r) => r.rss_at_ready_mib)),
  };
}

export function formatStarts(s: StartTimes): string {
  const line = (label: string, ms: number, mib: number) => `${label.padEnd(34)} ${String(Math.round(ms)).padStart(8)} ${mib.toFixed(1).padStart(14)}`;
  return [
    'START `ledgerline web`, spawn to first 200 from /readyz',
    `${''.padEnd(34)} ${'ms'.padStart(8)} ${'RSS at ready'.padStart(14)}`,
    line('first start in this run', s.first.ready_ms, s.first.rss_at_ready_mib),
    line(`warm start (median of ${s.warm.length})`, s.warm_median_ms, s.warm_rss_at_ready_median_mib),
  ].join('\n');
}
