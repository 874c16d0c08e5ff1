// `ledgerline <command>`: PLACEHOLDER until the CLI lands; only `start` works.
import { loadConfig } from './config.ts';
import { serve } from './main.ts';
import { createLogger } from './platform/log.ts';

export async function runCli(argv: string[]): Promise<number> {
  const [command] = argv;
  if (command !== 'start') {
    process.stderr.write('usage: ledgerline start\n');
    return 2;
  }
  const config = loadConfig();
  await serve(config, createLogger(config.logLevel));
  return 0;
}
