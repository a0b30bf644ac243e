// Resource Graph's per-user query quota (FLEET-HEALTH §2.2): at most 15
// queries in every 5-second window, each page of a paged query counting as
// one; every answer carries x-ms-user-quota-remaining and
// x-ms-user-quota-resets-after (hh:mm:ss), and a query over quota is a 429.
// Modelled as a fixed window opened by the first query after the last one closed.
export interface QuotaOptions {
  queries: number;
  windowSeconds: number;
}

export const DEFAULT_QUOTA: QuotaOptions = { queries: 15, windowSeconds: 5 };

export interface QuotaAnswer {
  allowed: boolean;
  remaining: number;
  resetsAfterMs: number;
}

const hhmmss = (ms: number) => {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60].map((n) => String(n).padStart(2, "0")).join(":");
};

export function quotaHeaders(a: QuotaAnswer): Record<string, string> {
  return { "x-ms-user-quota-remaining": String(a.remaining), "x-ms-user-quota-resets-after": hhmmss(a.resetsAfterMs) };
}

export class UserQuota {
  private readonly windows = new Map<string, { start: number; used: number }>();

  constructor(
    public options: QuotaOptions,
    private readonly now: () => number,
  ) {}

  /** Spend one query of this user's quota, if any is left. */
  take(user: string): QuotaAnswer {
    const now = this.now();
    const span = this.options.windowSeconds * 1000;
    let w = this.windows.get(user);
    if (!w || now >= w.start + span) this.windows.set(user, (w = { start: now, used: 0 }));
    const resetsAfterMs = w.start + span - now;
    if (w.used >= this.options.queries) return { allowed: false, remaining: 0, resetsAfterMs };
    w.used++;
    return { allowed: true, remaining: this.options.queries - w.used, resetsAfterMs };
  }
}
