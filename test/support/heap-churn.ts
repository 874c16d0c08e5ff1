// A child process for heap.test.ts: applies limitHeapGrowth(argv[2]) and then churns through
// allocations with ~20 MB live at any time, as a server under load does; prints the largest heap
// V8 committed meanwhile, in MiB.
import { getHeapStatistics } from 'node:v8';
import { limitHeapGrowth } from '../../src/platform/heap.ts';

limitHeapGrowth(Number(process.argv[2]));
const ring: unknown[][] = Array.from({ length: 64 }, () => []);
let max = 0;
for (let i = 0; i < 400; i++) {
  ring[i % ring.length] = Array.from({ length: 3000 }, (_, j) => ({ id: j, name: `row ${i}:${j}`, at: new Date() }));
  max = Math.max(max, getHeapStatistics().total_heap_size);
}
process.stdout.write(String(Math.round(max / 1048576)));
