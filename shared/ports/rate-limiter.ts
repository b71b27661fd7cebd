// Port: fixed-window rate limits (sign-up codes per number, per client, tips per device).
export interface RateLimiter {
  /** Takes one from the budget of `key` for the current window; false when it is spent. */
  take(key: string, limit: number, windowSeconds: number): Promise<boolean>;
}
