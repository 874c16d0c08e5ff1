// The machine is shared (load generator, both servers and PostgreSQL on 2 vCPU, and whatever else
// runs there): before each measurement, wait until the CPUs are mostly idle, so a neighbour's test
// run does not land in one server's numbers and not the other's. Linux only (/proc/stat); elsewhere
// it does not wait.
import { existsSync, readFileSync } from 'node:fs';

function cpuTimes(): { idle: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
  return { idle, total: fields.reduce((a, b) => a + b, 0) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Percentage of CPU time idle over the next `ms` milliseconds, machine-wide. */
export async function idlePercent(ms = 1_000): Promise<number> {
  if (!existsSync('/proc/stat')) return 100;
  const a = cpuTimes();
  await sleep(ms);
  const b = cpuTimes();
  return b.total === a.total ? 100 : Math.round(((b.idle - a.idle) / (b.total - a.total)) * 1000) / 10;
}

/** Waits (up to maxWaitMs) for `minIdle` % idle; resolves to the idle share last seen. */
export async function waitForQuiet(minIdle: number, maxWaitMs: number, say: (l: string) => void): Promise<number> {
  const deadline = Date.now() + maxWaitMs;
  let idle = await idlePercent();
  let warned = false;
  while (idle < minIdle && Date.now() < deadline) {
    if (!warned) say(`  waiting for a quiet machine (${idle} % idle, want ${minIdle} %)…`);
    warned = true;
    idle = await idlePercent(2_000);
  }
  if (idle < minIdle) say(`  measuring anyway: only ${idle} % idle after ${Math.round(maxWaitMs / 1000)} s`);
  return idle;
}
