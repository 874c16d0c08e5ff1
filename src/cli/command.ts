// What every CLI command shares: its declaration (name, flags, help), the streams it talks through,
// and the helpers that give it configuration, a quiet logger and a database server.
import type { ParseArgsConfig } from 'node:util';
import pino, { type Logger } from 'pino';
import { loadConfig, readEnv, type Config } from '../config.ts';
import { MIGRATIONS_DIR, openDatabaseServer } from '../main.ts';
import { createLogger } from '../platform/log.ts';

/** The streams a command reads and writes; tests pass their own. */
export interface CliIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface CommandContext {
  io: CliIo;
  /** The environment the configuration is read from (`.env` merged in). */
  env: Record<string, string | undefined>;
  /** Where `migrate:new` writes (the repository's migrations/ outside tests). */
  migrationsDir: string;
}

export type FlagValues = Record<string, string | boolean | undefined>;

export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** What follows the command name in its usage line, e.g. `<name>` or `[--deploy]`. */
  readonly args?: string;
  /** Longer help: one line per flag or remark. */
  readonly details?: readonly string[];
  readonly options?: NonNullable<ParseArgsConfig['options']>;
  /** Exactly this many positional arguments. */
  readonly positionals?: number;
  run(flags: FlagValues, positionals: string[], ctx: CommandContext): Promise<number>;
}

/** Bad invocation (unknown flag, missing value…): usage goes to stderr and the exit code is 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function defaultContext(io: CliIo): CommandContext {
  return { io, env: readEnv(), migrationsDir: MIGRATIONS_DIR };
}

export function config(ctx: CommandContext): Config {
  return loadConfig(ctx.env);
}

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/**
 * The JSON logger for commands other than start/web: at most `warn`, and on stderr, so that what a
 * command prints for people (or for a pipe) on stdout is never interleaved with JSON lines.
 */
export function quietLogger(cfg: Config): Logger {
  const level = LEVELS[Math.max(LEVELS.indexOf(cfg.logLevel), LEVELS.indexOf('warn'))]!;
  return createLogger(level, pino.destination({ fd: 2, sync: true }));
}

/** Runs fn against the configured database server (embedded unless DATABASE_URL), then stops it. */
export async function withDatabaseServer<T>(cfg: Config, logger: Logger, fn: (url: string) => Promise<T>): Promise<T> {
  const server = await openDatabaseServer(cfg, logger);
  // The embedded server runs in its own process group, so Ctrl-C would leave it running: stop it
  // first, then die of the same signal (the listener is gone by then) so the exit status says so.
  const onSignal = (signal: NodeJS.Signals) => void server.stop().finally(() => process.kill(process.pid, signal));
  if (server.embedded !== undefined) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  try {
    return await fn(server.url);
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await server.stop();
  }
}

export function print(stream: NodeJS.WritableStream, text = ''): void {
  stream.write(text.endsWith('\n') ? text : text + '\n');
}

/** A string flag's value (parseArgs guarantees the type from the option declaration). */
export function stringFlag(flags: FlagValues, name: string): string | undefined {
  const v = flags[name];
  return typeof v === 'string' ? v : undefined;
}
