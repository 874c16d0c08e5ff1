#!/usr/bin/env node
// Entry point. Runs the compiled build (dist/, made by `npm run build`, which `npm install` runs)
// when it was built from the sources as they are now; otherwise the TypeScript sources through
// tsx's loader, so an edited checkout never runs stale code and needs no build step to forget.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sourceFingerprint } from './fingerprint.js';

const root = path.resolve(import.meta.dirname, '..');
const built = path.join(root, 'dist', 'FINGERPRINT');
const fresh = existsSync(built) && readFileSync(built, 'utf8').trim() === sourceFingerprint(root);

let runCli;
if (fresh) {
  ({ runCli } = await import('../dist/cli.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ runCli } = await import('../src/cli.ts'));
}
process.exitCode = await runCli(process.argv.slice(2));
