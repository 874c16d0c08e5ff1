// What the numbers were measured on, recorded with every result file.
import { readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * Linux's session autogroups (`kernel.sched_autogroup_enabled`): when on, the scheduler shares the
 * CPUs between sessions before processes, and every PostgreSQL backend is a session of its own
 * (PostgreSQL calls setsid), apart from the servers and the load generator. On the 2-vCPU bench
 * machine that left PostgreSQL's backends waiting from 100 ms to over a second at times
 * (docs/PERFORMANCE.md), so every result records it. null where the kernel has no such setting.
 */
export function schedAutogroup(): boolean | null {
  try {
    return readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim() === '1';
  } catch {
    return null;
  }
}

export function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpu_model: cpus[0]?.model ?? 'unknown',
    memory_gib: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadavg_at_end: os.loadavg().map((l) => Math.round(l * 100) / 100),
    sched_autogroup: schedAutogroup(),
  };
}

/** The command line as typed, for the record. */
export function commandLine(): string {
  return ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
}

/** A file-name-safe timestamp, e.g. 2026-11-21T09-22-00-000Z. */
export const stamp = (): string => new Date().toISOString().replace(/[:.]/g, '-');
