// A hash of every file under src/ (paths and contents): dist/ is used only while it was built
// from exactly these sources. Reading ~1 MB and hashing it costs a few milliseconds at start-up.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function sourceFingerprint(root) {
  const src = path.join(root, 'src');
  const files = readdirSync(src, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.test.ts'))
    .map((entry) => path.relative(src, path.join(entry.parentPath, entry.name)))
    .sort();
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(path.join(src, file))).update('\0');
  return hash.digest('hex');
}

/** Whether `<root>/dist` was built from the sources as they are now (its FINGERPRINT matches). */
export function distIsFresh(root) {
  const stamp = path.join(root, 'dist', 'FINGERPRINT');
  return existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === sourceFingerprint(root);
}
