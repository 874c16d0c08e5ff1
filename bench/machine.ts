// What the numbers were measured on, recorded with every result file.
import os from 'node:os';

export function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpu_model: cpus[0]?.model ?? 'unknown',
    memory_gib: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadavg_at_end: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** The command line as typed, for the record. */
export function commandLine(): string {
  return ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
}

/** A file-name-safe timestamp, e.g. 2026-11-21T09-22-00-000Z. */
export const stamp = (): string => new Date().toISOString().replace(/[:.]/g, '-');
