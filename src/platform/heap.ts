// How far V8 lets the heap grow between full collections. By default it grows the old generation
// to up to four times what survived the last full GC when collecting looks cheap, which under
// sustained load left web processes at 200–250 MB though ~30 MB is live. A fixed growth factor
// keeps a process near its live size for a few more full GCs (see docs/SCALING.md for what that
// costs). The flag is read by the collector at every full GC, so setting it once at start-up works.
import { setFlagsFromString } from 'node:v8';

/** `percent` > 0: grow the heap by at most that share of the live size; 0 leaves V8's default. */
export function limitHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
