// Faults a test (or the control API) can inject: throttling, server errors,
// conflicts, provisioning that ends Failed, latency — matched by method,
// resource type and name — and ARM's per-subscription token buckets.
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

export class Faults {
  private rules: Rule[] = [];
  private buckets: Record<BucketKind, { tokens: number; at: number }> | null = null;
  /** 429s answered so far, from the token buckets. */
  throttled = 0;

  constructor(private readonly now: () => number) {}

  inject(match: FaultMatch, fault: Fault, times = 1): void {
    this.rules.push({ match, fault, remaining: times });
  }

  clear(): void {
    this.rules = [];
    this.buckets = null;
  }

  /** Turn on token-bucket throttling at ARM's documented per-subscription limits. */
  enableTokenBuckets(): void {
    const at = this.now();
    this.buckets = { reads: { tokens: 250, at }, writes: { tokens: 200, at }, deletes: { tokens: 200, at } };
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

  /** Throws ARM's 429 when a bucket is empty; returns the remaining count for the x-ms-ratelimit headers. */
  spend(method: string): { kind: BucketKind; remaining: number } | null {
    if (!this.buckets) return null;
    const kind: BucketKind = method === "GET" ? "reads" : method === "DELETE" ? "deletes" : "writes";
    const b = this.buckets[kind];
    const [size, refill] = BUCKETS[kind];
    const now = this.now();
    b.tokens = Math.min(size, b.tokens + ((now - b.at) / 1000) * refill);
    b.at = now;
    if (b.tokens < 1) {
      this.throttled++;
      const wait = Math.ceil((1 - b.tokens) / refill);
      throw new ArmError(429, "SubscriptionRequestsThrottled", `Number of ${kind} requests for subscription exceeded the limit. Please try again after '${wait}' seconds.`, {
        "Retry-After": String(wait),
        [`x-ms-ratelimit-remaining-subscription-${kind}`]: "0",
      });
    }
    b.tokens -= 1;
    return { kind, remaining: Math.floor(b.tokens) };
  }
}
