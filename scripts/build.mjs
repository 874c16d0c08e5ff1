// `npm run build` (also run by `npm install` through `prepare`): compiles src/ into dist/ with
// esbuild, so that production processes run plain JavaScript instead of compiling TypeScript in
// a loader thread at run time (measured: ~50 MB less RSS per process and less CPU per request;
// docs/PERFORMANCE.md). bin/ledgerline.js runs dist/ only while it matches src/ (the fingerprint
// written here), so an edited checkout falls back to the sources and never runs stale code.
//
// Plain JavaScript, not TypeScript: it must run before anything is compiled.
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { sourceFingerprint } from '../bin/fingerprint.js';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
const fingerprint = sourceFingerprint(root);
await build({
  entryPoints: [path.join(root, 'src', 'cli.ts')],
  outdir: dist,
  bundle: true,
  // Dependencies stay in node_modules: resolved at run time as they are under tsx.
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
});
// src/admin/plugin.ts serves files from the directory next to it; in the bundle that is dist/.
cpSync(path.join(root, 'src', 'admin', 'static'), path.join(dist, 'static'), { recursive: true });
writeFileSync(path.join(dist, 'FINGERPRINT'), `${fingerprint}\n`);
process.stderr.write(`built dist/ (sources ${fingerprint.slice(0, 12)})\n`);
