// Batches that form while the previous one is in flight: the first caller's batch goes out at
// once, callers arriving while it is out join the next one, and that one goes out when the first
// is answered. A busy process thus sends about one statement per round trip instead of one per
// caller, and an idle one waits for nothing. WorkerWakeups and SharedBucketHits share their
// statements this way.
//
// A batch's send may let the next batch go before its own result is in (`release`): balance
// orders do once their set has committed, while the set's callers still wait for the wake-up of
// the workers that follows the commit. A batch may also keep gathering a little after its turn
// has come (`ready`): balance orders' sets do when they are far smaller than the set before them.
export class InFlightBatches<B, R> {
  private gathering: { batch: B; result: Promise<R> } | undefined;
  /** The last batch sent; never rejects, so a failed batch does not fail the next one. */
  private inFlight: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly newBatch: () => B,
    private readonly send: (batch: B, release: () => void) => Promise<R>,
    /** Awaited when the batch's turn has come, before it stops gathering; undefined: at once. */
    private readonly ready?: (batch: B) => Promise<void> | undefined,
  ) {}

  /**
   * The batch still gathering (a new one when none is), to add to synchronously, and what its
   * send resolves to; every caller awaits that result.
   */
  join(): { batch: B; result: Promise<R> } {
    if (this.gathering !== undefined) return this.gathering;
    const batch = this.newBatch();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const result = this.inFlight.then(async () => {
      await this.ready?.(batch);
      this.gathering = undefined;
      return this.send(batch, release);
    });
    this.inFlight = Promise.race([released, result.catch(() => undefined)]);
    this.gathering = { batch, result };
    return this.gathering;
  }
}
