// `ledgerline <command>`: parses argv, runs one command, returns its exit code. Commands live in
// src/cli/, one module per job; this file only dispatches, prints usage and reports failures.
// Exit codes: 0 success, 1 the command failed, 2 bad usage (unknown command or flag, missing value).
import { parseArgs } from 'node:util';
import { ConfigError } from './config.ts';
import { checkCommand } from './cli/check.ts';
import { defaultContext, print, UsageError, type CliIo, type Command, type CommandContext, type FlagValues } from './cli/command.ts';
import { createSuperuserCommand } from './cli/createsuperuser.ts';
import { migrateCommand, migrateLintCommand, migrateNewCommand, migrateStatusCommand } from './cli/migrate.ts';
import { routesCommand } from './cli/routes.ts';
import { seedCommand } from './cli/seed.ts';
import { startCommand, webCommand } from './cli/serve.ts';
import { workerCommand } from './cli/worker.ts';

export const COMMANDS: readonly Command[] = [
  startCommand,
  webCommand,
  workerCommand,
  migrateCommand,
  migrateStatusCommand,
  migrateNewCommand,
  migrateLintCommand,
  createSuperuserCommand,
  seedCommand,
  checkCommand,
  routesCommand,
];

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    'usage: ledgerline <command> [flags]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    `  ${'help'.padEnd(width)}this list; \`ledgerline <command> --help\` for a command's flags`,
    '',
    'Settings come from the environment and ./.env, exactly as for the server (DATABASE_URL, DATA_DIR, …).',
    '',
  ].join('\n');
}

function commandHelp(command: Command): string {
  const details = command.details === undefined ? [] : ['', ...command.details.map((d) => `  ${d}`)];
  return [`usage: ledgerline ${command.name}${command.args ? ` ${command.args}` : ''}`, '', command.summary, ...details].join('\n') + '\n';
}

function parse(command: Command, args: string[]): { flags: FlagValues; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (code.startsWith('ERR_PARSE_ARGS')) throw new UsageError((err as Error).message);
    throw err;
  }
  const flags = parsed.values as FlagValues;
  const expected = command.positionals ?? 0;
  if (flags['help'] !== true && parsed.positionals.length !== expected) {
    throw new UsageError(
      parsed.positionals.length > expected ? `unexpected argument "${parsed.positionals[expected]}"` : `missing ${command.args ?? 'argument'}`,
    );
  }
  return { flags, positionals: parsed.positionals };
}

/** The cause chain, one message per line, so "connect ECONNREFUSED" is not hidden behind a wrapper. */
function describe(err: unknown): string {
  const lines: string[] = [];
  for (let e: unknown = err; e instanceof Error && lines.length < 5; e = e.cause) lines.push(e.message);
  return lines.length === 0 ? String(err) : lines.join('\n  caused by: ');
}

function reportFailure(err: unknown, command: Command, io: CliIo): number {
  if (err instanceof UsageError) {
    print(io.stderr, `ledgerline ${command.name}: ${err.message}\n\n${commandHelp(command)}`);
    return 2;
  }
  if (err instanceof ConfigError) {
    print(io.stderr, `Error: ${err.message}`);
    return 1;
  }
  print(io.stderr, `Error: ${describe(err)}`);
  return 1;
}

const processIo: CliIo = {
  get stdin() {
    return process.stdin;
  },
  stdout: process.stdout,
  stderr: process.stderr,
};

/** Runs `ledgerline <argv…>` and resolves to its exit code; it never exits the process itself. */
export async function runCli(argv: string[], io: CliIo = processIo, overrides: Partial<CommandContext> = {}): Promise<number> {
  const [name, ...rest] = argv;
  if (name === 'help' || name === '--help' || name === '-h') {
    const command = COMMANDS.find((c) => c.name === rest[0]);
    io.stdout.write(command ? commandHelp(command) : usage());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    print(io.stderr, `${name === undefined ? 'ledgerline: no command given' : `ledgerline: unknown command "${name}"`}\n\n${usage()}`);
    return 2;
  }
  try {
    const { flags, positionals } = parse(command, rest);
    if (flags['help'] === true) {
      io.stdout.write(commandHelp(command));
      return 0;
    }
    return await command.run(flags, positionals, { ...defaultContext(io), ...overrides });
  } catch (err) {
    return reportFailure(err, command, io);
  }
}
