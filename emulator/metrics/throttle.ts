// The metrics data plane's own throttling, outside ARM's buckets: a token
// bucket per subscription; an empty bucket is a 529 ("the metrics backend is
// currently throttling your requests", FLEET-HEALTH §3.3). Azure does not
// publish the limit ("360,000 calls per hour" is third-party): the default
// is 100 calls a second with a burst of 100, configurable.
export interface MetricsThrottleOptions {
  burst: number;
  perSecond: number;
}

export const DEFAULT_METRICS_THROTTLE: MetricsThrottleOptions = { burst: 100, perSecond: 100 };

export class SubscriptionBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    public options: MetricsThrottleOptions,
    private readonly now: () => number,
  ) {}

  /** Take one call's token; false when the subscription's bucket is empty. */
  take(subscription: string): boolean {
    const now = this.now();
    const key = subscription.toLowerCase();
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = { tokens: this.options.burst, at: now }));
    b.tokens = Math.min(this.options.burst, b.tokens + ((now - b.at) / 1000) * this.options.perSecond);
    b.at = now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  reset(): void {
    this.buckets.clear();
  }
}
