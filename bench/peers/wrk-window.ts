// When the peers' harness is measuring: it runs wrk once for the warm-up and once for the
// measurement (again for both when it repeats a disturbed run), each a direct child of the harness
// process. The RSS sampler asks this at every tick, so that only the measured seconds count.
import { readFileSync } from 'node:fs';
import { processGroup } from '../rss.ts';

function isWrk(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'wrk';
  } catch {
    return false;
  }
}

/**
 * A predicate that is true while the harness (`harnessPid()`, once known) runs a measuring wrk:
 * with a warm-up, every second wrk it starts; without, every one.
 */
export function wrkMeasuring(harnessPid: () => number | undefined, warmup: boolean): () => boolean {
  const seen: number[] = [];
  return () => {
    const harness = harnessPid();
    if (harness === undefined) return false;
    const wrk = processGroup(harness).find((pid) => pid !== harness && isWrk(pid));
    if (wrk === undefined) return false;
    if (!seen.includes(wrk)) seen.push(wrk);
    return !warmup || seen.indexOf(wrk) % 2 === 1;
  };
}
