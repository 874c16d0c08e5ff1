import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../test/support/cli.ts';

/** The largest heap a churning process committed with HEAP_GROWTH_PERCENT = `percent`, in MiB. */
const peakHeapMiB = (percent: number): number =>
  Number(execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test', 'support', 'heap-churn.ts'), String(percent)], { cwd: ROOT, encoding: 'utf8' }));

describe('limitHeapGrowth', () => {
  it('keeps a process with ~20 MB live well below the heap V8 grows to by default', () => {
    const bounded = peakHeapMiB(30);
    const unbounded = peakHeapMiB(0);
    expect(bounded).toBeLessThan(unbounded * 0.75);
    expect(bounded).toBeLessThan(150);
  });
});
