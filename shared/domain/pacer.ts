// A token bucket: a sender takes one token per provider call so it stays within the quota.
export interface Sleep {
  (ms: number): Promise<void>;
}

export const sleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class Pacer {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst = Math.max(1, Math.ceil(ratePerSecond / 10)),
    private readonly now: () => number = () => performance.now(),
    private readonly wait: Sleep = sleep,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Resolves when a call may be made. A rate of 0 or less means unpaced. */
  async take(): Promise<void> {
    if (this.ratePerSecond <= 0) return;
    for (;;) {
      const t = this.now();
      this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) * this.ratePerSecond) / 1000);
      this.last = t;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.wait(((1 - this.tokens) * 1000) / this.ratePerSecond);
    }
  }
}
