// Faults a test (or the control API) can inject: throttling, server errors,
// conflicts, provisioning that ends Failed, latency — matched by method,
// resource type and name — and ARM's token buckets, one set per
// subscription (ARM-FACTS §3.3: limits apply per subscription), each made
// full the first time its subscription is used.
import { ArmError } from "./arm/errors.js";

export interface FaultMatch {
  method?: string;
  /** Resource type, e.g. Microsoft.Network/virtualNetworkGateways (case-insensitive). */
  type?: string;
  name?: string | RegExp;
}

export type Fault =
  | { kind: "throttle"; retryAfterSeconds: number }
  | { kind: "serverError"; status?: number }
  | { kind: "conflict" }
  | { kind: "failProvisioning"; code?: string; message?: string }
  /** Real milliseconds added before the answer (exercises client timeouts, not the virtual clock). */
  | { kind: "latency"; ms: number };

interface Rule {
  match: FaultMatch;
  fault: Fault;
  remaining: number;
}

export interface RequestFacts {
  method: string;
  type: string;
  name: string | null;
}

/** ARM's token buckets per subscription (ARM-FACTS §3.3). */
const BUCKETS = { reads: [250, 25], writes: [200, 10], deletes: [200, 10] } as const;
type BucketKind = keyof typeof BUCKETS;

type Buckets = Record<BucketKind, { tokens: number; at: number }>;

export class Faults {
  private rules: Rule[] = [];
  private enabled = false;
  /** Lower-case subscription id -> its buckets. */
  private readonly buckets = new Map<string, Buckets>();
  /** 429s answered so far, from the token buckets (all subscriptions). */
  throttled = 0;
  /** 429s answered so far per subscription (lower-case id). */
  readonly throttledBySubscription = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  inject(match: FaultMatch, fault: Fault, times = 1): void {
    this.rules.push({ match, fault, remaining: times });
  }

  clear(): void {
    this.rules = [];
    this.enabled = false;
    this.buckets.clear();
  }

  /** Turn on token-bucket throttling at ARM's documented limits, each subscription with its own full buckets. */
  enableTokenBuckets(): void {
    this.enabled = true;
    this.buckets.clear();
  }

  private bucketsOf(subscriptionId: string): Buckets {
    const key = subscriptionId.toLowerCase();
    let b = this.buckets.get(key);
    if (!b) {
      const at = this.now();
      this.buckets.set(key, (b = { reads: { tokens: BUCKETS.reads[0], at }, writes: { tokens: BUCKETS.writes[0], at }, deletes: { tokens: BUCKETS.deletes[0], at } }));
    }
    return b;
  }

  private matches(m: FaultMatch, r: RequestFacts): boolean {
    if (m.method && m.method.toUpperCase() !== r.method) return false;
    if (m.type && m.type.toLowerCase() !== r.type.toLowerCase()) return false;
    if (m.name !== undefined) {
      if (!r.name) return false;
      if (typeof m.name === "string" ? m.name.toLowerCase() !== r.name.toLowerCase() : !m.name.test(r.name)) return false;
    }
    return true;
  }

  /** The fault for this request, if one applies (consumed). */
  take(r: RequestFacts, kinds: Fault["kind"][]): Fault | null {
    const rule = this.rules.find((x) => x.remaining > 0 && kinds.includes(x.fault.kind) && this.matches(x.match, r));
    if (!rule) return null;
    rule.remaining--;
    return rule.fault;
  }

  /** Throws ARM's 429 when the subscription's bucket is empty; returns the remaining count for the x-ms-ratelimit headers. */
  spend(method: string, subscriptionId: string): { kind: BucketKind; remaining: number } | null {
    if (!this.enabled) return null;
    const kind: BucketKind = method === "GET" ? "reads" : method === "DELETE" ? "deletes" : "writes";
    const b = this.bucketsOf(subscriptionId)[kind];
    const [size, refill] = BUCKETS[kind];
    const now = this.now();
    b.tokens = Math.min(size, b.tokens + ((now - b.at) / 1000) * refill);
    b.at = now;
    if (b.tokens < 1) {
      this.throttled++;
      const key = subscriptionId.toLowerCase();
      this.throttledBySubscription.set(key, (this.throttledBySubscription.get(key) ?? 0) + 1);
      const wait = Math.ceil((1 - b.tokens) / refill);
      throw new ArmError(429, "SubscriptionRequestsThrottled", `Number of ${kind} requests for subscription '${subscriptionId}' exceeded the limit. Please try again after '${wait}' seconds.`, {
        "Retry-After": String(wait),
        [`x-ms-ratelimit-remaining-subscription-${kind}`]: "0",
      });
    }
    b.tokens -= 1;
    return { kind, remaining: Math.floor(b.tokens) };
  }
}
