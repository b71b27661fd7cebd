// Pacing to a provider quota. A sender takes tokens per provider call so it stays within its
// share of the channel's quota (topology: the quota divided by the sender's maxConcurrency). Two
// limits together: a token bucket, whose small burst lets a call that woke late be made up at
// once so timer lag does not eat the rate; and a sliding window that never lets more than the
// rate through in any window (one second at ordinary rates), because a provider counting "N per
// second" throttles what a bucket would still allow. The instances' windows add up to the quota.
// Callers are served in the order they asked, so with several calls in flight the recipient a
// worker picked first is sent first, and no waiter starves.
export interface Sleep {
  (ms: number): Promise<void>;
}

export const sleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class Pacer {
  private tokens: number;
  private last: number;
  /** The previous caller's turn; each take waits for it, which makes the pacer first come, first served. */
  private tail: Promise<void> = Promise.resolve();
  /** Calls in the current window, oldest first, with what each cost. */
  private readonly recent: { at: number; cost: number }[] = [];
  /** At most `windowLimit` tokens in any `windowMs`: one second's worth, or one call at rates under 1/s. */
  private readonly windowLimit: number;
  private readonly windowMs: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst = Math.max(1, Math.ceil(ratePerSecond / 10)),
    private readonly now: () => number = () => performance.now(),
    private readonly wait: Sleep = sleep,
  ) {
    this.tokens = burst;
    this.last = now();
    this.windowLimit = Math.max(1, Math.floor(ratePerSecond));
    this.windowMs = ratePerSecond > 0 ? (this.windowLimit * 1000) / ratePerSecond : 0;
  }

  /**
   * Resolves when a call costing `cost` tokens may be made (an SMS of three segments is three
   * messages to the provider's quota). A cost above the burst is let through once a full burst
   * has built up and leaves the bucket in debt, so the average rate still holds. A rate of 0 or
   * less means unpaced.
   */
  take(cost = 1): Promise<void> {
    if (this.ratePerSecond <= 0) return Promise.resolve();
    const turn = this.tail.then(() => this.acquire(cost));
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private async acquire(cost: number): Promise<void> {
    const need = Math.min(cost, this.burst);
    for (;;) {
      const t = this.now();
      this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) * this.ratePerSecond) / 1000);
      this.last = t;
      while (this.recent.length > 0 && this.recent[0]!.at <= t - this.windowMs) this.recent.shift();
      const inWindow = this.recent.reduce((sum, r) => sum + r.cost, 0);
      // A call dearer than the window's limit goes alone; otherwise it must fit beside the others.
      const windowWait = inWindow === 0 || inWindow + cost <= this.windowLimit ? 0 : this.windowFreesAt(cost) - t;
      const tokenWait = this.tokens >= need ? 0 : ((need - this.tokens) * 1000) / this.ratePerSecond;
      if (windowWait <= 0 && tokenWait <= 0) {
        this.tokens -= cost;
        this.recent.push({ at: t, cost });
        return;
      }
      await this.wait(Math.max(windowWait, tokenWait));
    }
  }

  /** When enough of the window's oldest calls have aged out for `cost` more to fit. */
  private windowFreesAt(cost: number): number {
    let left = this.recent.reduce((sum, r) => sum + r.cost, 0) + Math.min(cost, this.windowLimit) - this.windowLimit;
    for (const r of this.recent) {
      left -= r.cost;
      if (left <= 0) return r.at + this.windowMs;
    }
    return this.recent[this.recent.length - 1]!.at + this.windowMs;
  }
}
