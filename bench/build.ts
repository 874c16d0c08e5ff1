// Ledgerline is measured as production runs it, from the compiled build in dist/. bin/ledgerline.js
// falls back to the TypeScript sources through tsx when dist/ is older than src/ (~50 MB more RSS
// and more CPU per request), so a bench run after an edit would measure the loader instead: the
// build is refreshed first, as `npm install` would have.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { distIsFresh } from '../bin/fingerprint.js';

const root = path.resolve(import.meta.dirname, '..');

/** Rebuilds dist/ when it was not built from the sources as they are now; true when it did. */
export function ensureFreshBuild(say: (line: string) => void): boolean {
  if (distIsFresh(root)) return false;
  say('dist/ is older than src/: npm run build');
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  return true;
}
