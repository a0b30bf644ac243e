// Platform metrics for many resources through metrics:getBatch (up to 50
// resources of one type, subscription and region per call), reduced to each
// series' newest value. Outside ARM's token buckets; the API throttles on its
// own (429/529), answered here with the wait it asks for.
import type { MetricsClient } from "@azure/monitor-query-metrics";
import { batchesOf, metricFilter, type MetricQuery, type MetricSeries } from "../../shared/health/fleet-metrics.js";
import { throttledFor } from "./throttle-wait.js";

export interface MetricsWindow {
  start: Date;
  end: Date;
  grain: string;
}

/**
 * The value tier 1 judges in a bin (null-free): a session's status is its
 * time-weighted average (below 1 when it was down at any moment of the bin);
 * a route count its largest value (gateways report counts as Total, Route
 * Server as Maximum). A bin still inside the ingestion delay has none.
 */
function valueOf(metric: string, p: { average?: number; maximum?: number; total?: number }): number | undefined {
  const n = (x: number | undefined) => (typeof x === "number" && Number.isFinite(x) ? x : undefined);
  if (/status/i.test(metric)) return n(p.average) ?? n(p.maximum);
  return n(p.maximum) ?? n(p.total) ?? n(p.average);
}

export type MetricsAnswer = { ok: true; series: MetricSeries[]; calls: number } | { ok: false; calls: number; retryAfterSeconds: number };

export async function readMetrics(
  clientFor: (region: string) => MetricsClient,
  query: MetricQuery,
  resources: Array<{ id: string; subscriptionId: string; region: string }>,
  window: MetricsWindow,
): Promise<MetricsAnswer> {
  const series: MetricSeries[] = [];
  let calls = 0;
  for (const batch of batchesOf(resources)) {
    calls++;
    try {
      const results = await clientFor(batch.region).queryResources(batch.ids, query.names, query.namespace, {
        startTime: window.start,
        endTime: window.end,
        interval: window.grain,
        aggregation: "average,maximum,total",
        filter: metricFilter(query),
        top: 100,
      });
      for (const r of results) {
        const resourceId = String(r.resourceId ?? "").toLowerCase();
        for (const m of r.metrics ?? []) {
          // `name` is Azure's localized display name ("BGP Peer Status"); the REST name ends the metric's id.
          const metric = String(m.id ?? "").split("/").pop() || m.name;
          for (const ts of m.timeseries ?? []) {
            const dimensions = Object.fromEntries((ts.metadatavalues ?? []).map((d) => [String(d.name ?? "").toLowerCase(), String(d.value ?? "")]));
            const points = (ts.data ?? []).flatMap((p) => {
              const value = valueOf(metric, p);
              return value === undefined ? [] : [{ at: new Date(p.timeStamp).getTime(), value }];
            });
            const newest = points.reduce<(typeof points)[number] | null>((a, p) => (!a || p.at > a.at ? p : a), null);
            series.push({ resourceId, metric, dimensions, latest: newest ? { at: new Date(newest.at).toISOString(), value: newest.value } : null });
          }
        }
      }
    } catch (e) {
      const wait = throttledFor(e);
      if (wait === null) throw e;
      return { ok: false, calls, retryAfterSeconds: wait };
    }
  }
  return { ok: true, series, calls };
}
