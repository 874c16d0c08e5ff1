// InFlightBatches: which callers share a batch, and when the next batch may go.
import { describe, expect, it } from 'vitest';
import { InFlightBatches } from './in-flight-batches.ts';

/** A send that records each batch and finishes only when told to (`finish[i]()`, `fail[i]()`). */
function controlledSends(releaseEarly: boolean) {
  const sent: string[][] = [];
  const finish: (() => void)[] = [];
  const fail: (() => void)[] = [];
  const batches = new InFlightBatches<string[], number>(
    () => [],
    (batch, release) => {
      sent.push([...batch]);
      if (releaseEarly) release();
      const index = sent.length - 1;
      return new Promise<number>((resolve, reject) => {
        finish[index] = () => resolve(index);
        fail[index] = () => reject(new Error(`batch ${index} failed`));
      });
    },
  );
  const ask = (item: string) => {
    const { batch, result } = batches.join();
    batch.push(item);
    return result;
  };
  return { sent, finish, fail, ask };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('InFlightBatches', () => {
  it('sends the callers of one tick together, and gathers those that come while it is out into the next', async () => {
    const { sent, finish, ask } = controlledSends(false);
    const first = [ask('a'), ask('b')];
    await settle();
    const second = [ask('c'), ask('d')];
    await settle();
    expect(sent).toEqual([['a', 'b']]);
    finish[0]!();
    expect(await Promise.all(first)).toEqual([0, 0]);
    await settle();
    expect(sent).toEqual([['a', 'b'], ['c', 'd']]);
    finish[1]!();
    expect(await Promise.all(second)).toEqual([1, 1]);
  });

  it('sends the next batch after a failed one', async () => {
    const { sent, fail, finish, ask } = controlledSends(false);
    const first = ask('a');
    await settle();
    const second = ask('b');
    fail[0]!();
    await expect(first).rejects.toThrow('batch 0 failed');
    await settle();
    expect(sent).toEqual([['a'], ['b']]);
    finish[1]!();
    expect(await second).toBe(1);
  });

  it('sends the next batch as soon as the one out releases it, before its result is in', async () => {
    const { sent, finish, ask } = controlledSends(true);
    const first = ask('a');
    await settle();
    const second = ask('b');
    await settle();
    expect(sent).toEqual([['a'], ['b']]);
    finish[1]!();
    expect(await second).toBe(1);
    finish[0]!();
    expect(await first).toBe(0);
  });
});
