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
        aggregation: "average",
        filter: metricFilter(query),
        top: 100,
      });
      for (const r of results) {
        const resourceId = String(r.resourceId ?? "").toLowerCase();
        for (const m of r.metrics ?? []) {
          for (const ts of m.timeseries ?? []) {
            const dimensions = Object.fromEntries((ts.metadatavalues ?? []).map((d) => [String(d.name ?? "").toLowerCase(), String(d.value ?? "")]));
            const points = (ts.data ?? []).filter((p) => typeof p.average === "number");
            const newest = points.reduce<(typeof points)[number] | null>((a, p) => (!a || new Date(p.timeStamp).getTime() > new Date(a.timeStamp).getTime() ? p : a), null);
            series.push({ resourceId, metric: m.name, dimensions, latest: newest ? { at: new Date(newest.timeStamp).toISOString(), value: newest.average! } : null });
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
