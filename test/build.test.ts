// The compiled build is used only while it matches the sources (bin/ledgerline.js): an edited
// checkout must never run stale code.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sourceFingerprint } from '../bin/fingerprint.js';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('the compiled build', () => {
  const copy = mkdtempSync(path.join(tmpdir(), 'ledgerline-build-'));
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('is fingerprinted by every source file but the tests', () => {
    cpSync(path.join(ROOT, 'src'), path.join(copy, 'src'), { recursive: true });
    const before = sourceFingerprint(copy);
    writeFileSync(path.join(copy, 'src', 'platform', 'money.test.ts'), '// a test changed');
    expect(sourceFingerprint(copy)).toBe(before);
    writeFileSync(path.join(copy, 'src', 'platform', 'money.ts'), readFileSync(path.join(copy, 'src', 'platform', 'money.ts'), 'utf8') + '\n');
    expect(sourceFingerprint(copy)).not.toBe(before);
  });

  it('answers like the sources, and gives way to them once a source changes', () => {
    // A checkout of its own (sources, scripts, bin, migrations; node_modules linked), built there.
    for (const dir of ['src', 'bin', 'scripts', 'migrations']) cpSync(path.join(ROOT, dir), path.join(copy, dir), { recursive: true });
    cpSync(path.join(ROOT, 'package.json'), path.join(copy, 'package.json'));
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
    execFileSync(process.execPath, [path.join(copy, 'scripts', 'build.mjs')], { cwd: copy, stdio: 'pipe' });
    const routes = () => execFileSync(process.execPath, [path.join(copy, 'bin', 'ledgerline.js'), 'routes'], { cwd: copy, encoding: 'utf8' });
    const compiled = routes();
    expect(compiled).toContain('/api/v1/products');
    // A route added to the sources shows up at once: the stale build is not used.
    const health = path.join(copy, 'src', 'platform', 'http', 'health.ts');
    writeFileSync(health, readFileSync(health, 'utf8').replace("'/readyz'", "'/readyz-renamed'"));
    const fromSources = routes();
    expect(fromSources).toContain('/readyz-renamed');
    expect(fromSources.replace('/readyz-renamed', '/readyz')).toBe(compiled);
  }, 60_000);
});
