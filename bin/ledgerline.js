#!/usr/bin/env node
// Entry point. Runs the compiled build (dist/, made by `npm run build`, which `npm install` runs)
// when it was built from the sources as they are now; otherwise the TypeScript sources through
// tsx's loader, so an edited checkout never runs stale code and needs no build step to forget.
import path from 'node:path';
import { distIsFresh } from './fingerprint.js';

let runCli;
if (distIsFresh(path.resolve(import.meta.dirname, '..'))) {
  ({ runCli } = await import('../dist/cli.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ runCli } = await import('../src/cli.ts'));
}
process.exitCode = await runCli(process.argv.slice(2));
