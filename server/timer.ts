import 'server-only';
// One timer that fires at the earliest deadline asked of it: asking for a later time while an
// earlier one is armed changes nothing, asking for a sooner one brings it forward. For work that
// is batched but must not wait behind a long pause when something changes (the shared diagnosis's
// passes, a stream's coalesced flushes).
export class EarliestTimer {
  private timer: NodeJS.Timeout | undefined;
  private at = 0;

  constructor(
    private readonly fire: () => void,
    private readonly opts: { unref?: boolean } = {},
  ) {}

  /** Fires at `at` (ms since the epoch), unless it is already due sooner. */
  runAt(at: number): void {
    if (this.timer && this.at <= at) return;
    clearTimeout(this.timer);
    this.at = at;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.fire();
      },
      Math.max(0, at - Date.now()),
    );
    if (this.opts.unref) this.timer.unref?.();
  }

  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
