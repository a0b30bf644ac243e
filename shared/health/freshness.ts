// How old tier 1's data may be before it no longer vouches for a deployment.
// Resource Graph follows ARM writes within about 30 s (FLEET-HEALTH §2.4),
// so a deployment written to since shortly before the query may show its
// previous version there. Platform metrics arrive minutes late (ingestion
// delay plus the grain): a newest point older than the allowance means the
// pipeline is behind or the resource stopped reporting. Either way the
// deployment goes to tier 2 rather than being called healthy on old data.
export interface Freshness {
  /** Resource Graph's lag behind ARM writes, with a margin (seconds). */
  graphLagSeconds: number;
  /** The oldest newest-point a metric series may have (seconds). */
  maxMetricAgeSeconds: number;
  /** How far back the metrics query looks (seconds). */
  metricWindowSeconds: number;
  /** The metrics grain asked for (ISO 8601). */
  metricGrain: "PT1M" | "PT5M";
}

export const DEFAULT_FRESHNESS: Freshness = {
  graphLagSeconds: 60,
  maxMetricAgeSeconds: 10 * 60,
  metricWindowSeconds: 20 * 60,
  metricGrain: "PT1M",
};

const ms = (iso: string) => Date.parse(iso);

/** The deployment was written (deploy, remediation, change) too recently for Resource Graph to show it. */
export const graphMayLag = (lastWrittenAt: string | null, queriedAt: string, f: Freshness): boolean =>
  lastWrittenAt !== null && ms(lastWrittenAt) > ms(queriedAt) - f.graphLagSeconds * 1000;

/** A metric point too old to vouch for the present. */
export const metricTooOld = (at: string, now: string, f: Freshness): boolean => ms(at) < ms(now) - f.maxMetricAgeSeconds * 1000;
