// Azure Monitor's metrics batch API, POST /subscriptions/{sub}/metrics:getBatch
// (what @azure/monitor-query-metrics' MetricsClient.queryResources sends):
// up to 50 resource ids of one subscription, region and type a call; series
// split by the filter's `dim eq '*'`; 1- or 5-minute (or any whole-minute)
// grain; values from the session timeline, each bin reported only once the
// ingestion delay has passed its end; throttling answered with 529.
import { randomUUID } from "node:crypto";
import type { ArmEngine } from "../arm/engine.js";
import { principalOf } from "../identity.js";
import { AGGREGATIONS, METRICS, type Aggregation, type MetricDefinition } from "./catalog.js";
import { connectedWithin, prefixesVia, snapshotAt, stateAt, vmAt } from "./session-history.js";
import { sessionsOf, SessionOwners, type ResourceSessions, type SeriesSource } from "./sources.js";
import type { SubscriptionBuckets } from "./throttle.js";

export const METRICS_BATCH_PATH = /^\/subscriptions\/([^/]+)\/metrics:getBatch\/?$/i;
const API_VERSIONS = ["2024-02-01", "2023-10-01", "2023-05-01-preview"];
const MAX_RESOURCES = 50;
const MAX_BINS = 1440;

export interface MetricsResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

export interface MetricsStats {
  calls: number;
  throttled: number;
}

type Point = Partial<Record<Aggregation, number>>;

const fail = (status: number, code: string, message: string, headers: Record<string, string> = {}): MetricsResponse => ({ status, headers, body: { error: { code, message } } });

/** PT1M, PT5M, PT1H ... -> ms (whole minutes only). */
function parseInterval(text: string): number | null {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?$/i.exec(text);
  if (!m || (!m[1] && !m[2])) return null;
  const ms = (Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60_000;
  return ms > 0 ? ms : null;
}

/** "BgpPeerAddress eq '*' and Instance eq 'x'" -> dimension -> value ('*' = split). */
function parseFilter(text: string | null, dims: string[]): Map<string, string> | string {
  const out = new Map<string, string>();
  if (!text || !text.trim()) return out;
  if (/\sor\s/i.test(text)) return "the emulator's filter takes 'and' of 'dimension eq value' only ('or' is not supported)";
  for (const part of text.split(/\s+and\s+/i)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_.]*)\s+eq\s+'([^']*)'\s*$/i.exec(part);
    if (!m) return `the emulator cannot read the filter clause '${part.trim()}' (it takes: dimension eq 'value')`;
    const dim = dims.find((d) => d.toLowerCase() === m[1]!.toLowerCase());
    if (!dim) return `'${m[1]}' is not a dimension of this metric (dimensions: ${dims.join(", ")})`;
    out.set(dim, m[2]!);
  }
  return out;
}

export class MetricsBatchEndpoint {
  readonly stats: MetricsStats = { calls: 0, throttled: 0 };
  private readonly owners = new SessionOwners();

  constructor(
    private readonly engine: ArmEngine,
    private readonly now: () => number,
    private readonly throttle: SubscriptionBuckets,
    public ingestionDelayMs: number,
    /** True when a virtual clock keeps the session timelines current (emulator/index.ts). */
    private readonly timelinesCurrent: boolean,
  ) {}

  handle(method: string, url: URL, authorization: string | undefined, bodyText: string): MetricsResponse {
    const headers = { "x-ms-request-id": randomUUID() };
    if (!principalOf(authorization)) return fail(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing or malformed.", headers);
    if (method !== "POST") return fail(405, "MethodNotAllowed", `${method} is not supported on metrics:getBatch.`, headers);
    const subscription = METRICS_BATCH_PATH.exec(url.pathname)![1]!;
    const q = url.searchParams;
    const version = q.get("api-version");
    if (!version || !API_VERSIONS.includes(version)) return fail(400, "BadRequest", `The api-version '${version ?? ""}' is not supported; supported: ${API_VERSIONS.join(", ")}.`, headers);
    if (!this.throttle.take(subscription)) {
      this.stats.throttled++;
      return fail(529, "Throttled", "The metrics backend is currently throttling your requests. Retry with exponential backoff.", headers);
    }
    this.stats.calls++;
    let ids: string[];
    try {
      const body = JSON.parse(bodyText || "{}") as { resourceids?: unknown };
      if (!Array.isArray(body.resourceids) || body.resourceids.some((x) => typeof x !== "string")) return fail(400, "BadRequest", "The body must be {\"resourceids\": [\"/subscriptions/...\", ...]}.", headers);
      ids = body.resourceids as string[];
    } catch (e) {
      return fail(400, "BadRequest", `The request body is not JSON: ${(e as Error).message}`, headers);
    }
    if (ids.length === 0) return fail(400, "BadRequest", "resourceids is empty.", headers);
    if (ids.length > MAX_RESOURCES) return fail(400, "BadRequest", `At most ${MAX_RESOURCES} resource ids per call; got ${ids.length}.`, headers);
    const namespace = (q.get("metricnamespace") ?? "").toLowerCase();
    const catalog = METRICS[namespace];
    if (!catalog) return fail(400, "BadRequest", `metricnamespace '${q.get("metricnamespace") ?? ""}' is not one the emulator serves (${Object.keys(METRICS).join(", ")}).`, headers);
    const names = (q.get("metricnames") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    if (!names.length) return fail(400, "BadRequest", "metricnames is required.", headers);
    const metrics: MetricDefinition[] = [];
    for (const n of names) {
      const m = catalog.find((x) => x.name.toLowerCase() === n.toLowerCase());
      if (!m) return fail(400, "BadRequest", `Failed to find metric configuration for provider: ${namespace}, metric: ${n}. Valid metrics: ${catalog.map((x) => x.name).join(", ")}.`, headers);
      metrics.push(m);
    }
    const aggText = q.get("aggregation");
    const asked = aggText ? aggText.split(",").map((s) => s.trim().toLowerCase()) : null;
    if (asked?.some((a) => !AGGREGATIONS.includes(a as Aggregation))) return fail(400, "BadRequest", `aggregation must be among ${AGGREGATIONS.join(", ")}.`, headers);
    const interval = parseInterval(q.get("interval") ?? "PT1M");
    if (!interval) return fail(400, "BadRequest", `interval '${q.get("interval")}' is not a whole number of minutes (PT1M, PT5M, ...).`, headers);
    const end = q.get("endtime") ? Date.parse(q.get("endtime")!) : this.now();
    const start = q.get("starttime") ? Date.parse(q.get("starttime")!) : end - 3600_000;
    if (Number.isNaN(start) || Number.isNaN(end) || end <= start) return fail(400, "BadRequest", "starttime and endtime must be ISO times with starttime before endtime.", headers);
    const first = Math.floor(start / interval) * interval;
    if ((end - first) / interval > MAX_BINS) return fail(400, "BadRequest", `The time span holds more than ${MAX_BINS} intervals.`, headers);
    const top = q.get("top") ? Number(q.get("top")) : 10;
    if (!Number.isInteger(top) || top < 1) return fail(400, "BadRequest", "top must be a positive whole number.", headers);

    // One subscription, one region, one type a call.
    const entries = ids.map((id) => ({ id, entry: this.engine.store.get(id) }));
    for (const { id } of entries) {
      if (id.split("/")[2]?.toLowerCase() !== subscription.toLowerCase()) return fail(400, "BadRequest", `Resource ${id} is not in subscription ${subscription}: a batch holds one subscription's resources.`, headers);
    }
    const found = entries.filter((e) => e.entry);
    for (const { id, entry } of found) {
      if (entry!.resource.type.toLowerCase() !== namespace) return fail(400, "BadRequest", `Resource ${id} is a ${entry!.resource.type}, not ${namespace}: a batch holds one resource type.`, headers);
    }
    const regions = new Set(found.map((e) => String(e.entry!.resource.location ?? "").toLowerCase()));
    if (regions.size > 1) return fail(400, "BadRequest", `A batch holds one region's resources; these are in ${[...regions].join(", ")}.`, headers);
    const region = [...regions][0] ?? "";

    const filter = parseFilter(q.get("filter"), metrics[0]!.dimensions);
    if (typeof filter === "string") return fail(400, "BadRequest", `Invalid filter: ${filter}.`, headers);
    const available = this.now() - this.ingestionDelayMs;
    const bins: number[] = [];
    for (let t = first; t < end; t += interval) bins.push(t);
    const type = namespace.endsWith("/virtualhubs") ? "hub" : "gateway";
    const needAdvertised = metrics.some((m) => m.kind === "advertised");

    const values = entries.map(({ id, entry }) => {
      const sessions: ResourceSessions | null = entry ? sessionsOf(this.engine, this.owners, id, type, { timelinesCurrent: this.timelinesCurrent, needAdvertised }) : null;
      return {
        starttime: new Date(first).toISOString(),
        endtime: new Date(end).toISOString(),
        interval: q.get("interval") ?? "PT1M",
        namespace,
        resourceregion: region,
        resourceid: entry?.resource.id ?? id,
        value: metrics.map((m) => ({
          id: `${entry?.resource.id ?? id}/providers/Microsoft.Insights/metrics/${m.name}`,
          type: "Microsoft.Insights/metrics",
          name: { value: m.name, localizedValue: m.displayName },
          displayDescription: m.displayName,
          unit: m.unit,
          errorCode: entry ? "Success" : "ResourceNotFound",
          ...(entry ? {} : { errorMessage: `The resource ${id} was not found.` }),
          timeseries: sessions ? this.series(m, sessions, filter, bins, interval, available, asked ?? [m.primary], top) : [],
        })),
      };
    });
    return { status: 200, headers, body: { values } };
  }

  private series(m: MetricDefinition, sessions: ResourceSessions, filter: Map<string, string>, bins: number[], interval: number, available: number, aggregations: string[], top: number) {
    const split = m.dimensions.filter((d) => filter.get(d) === "*");
    const chosen = sessions.sources.filter((s) => [...filter].every(([d, v]) => v === "*" || s.dimensions[d]?.toLowerCase() === v.toLowerCase()));
    const groups = new Map<string, SeriesSource[]>();
    for (const s of chosen) {
      const k = JSON.stringify(split.map((d) => s.dimensions[d]));
      groups.set(k, [...(groups.get(k) ?? []), s]);
    }
    const out = [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .slice(0, top)
      .map(([, members]) => ({
        metadatavalues: split.map((d) => ({ name: { value: d.toLowerCase(), localizedValue: d }, value: members[0]!.dimensions[d] })),
        data: bins.map((t) => {
          const point: Record<string, unknown> = { timeStamp: new Date(t).toISOString() };
          if (t + interval > available) return point; // not ingested yet
          const per = members.map((s) => this.point(m, s, sessions, t, t + interval)).filter((p): p is Point => p !== null);
          if (!per.length) return point;
          for (const a of aggregations as Aggregation[]) point[a] = combine(a, per.map((p) => p[a]!));
          return point;
        }),
      }));
    return out;
  }

  /** One session's values over one bin (null: the session was not known then). */
  private point(m: MetricDefinition, s: SeriesSource, sessions: ResourceSessions, from: number, to: number): Point | null {
    const within = connectedWithin(s.history, from, to);
    if (within.known === 0) return null;
    if (m.kind === "status") {
      const average = within.connected / within.known;
      return { average, total: average, maximum: within.anyUp ? 1 : 0, minimum: within.anyDown ? 0 : 1, count: 1 };
    }
    // Route counts: the value at the bin's last moment (0 while the session is down).
    const t = to - 1;
    const up = stateAt(s.history, t) === "Connected";
    const value = !up ? 0 : m.kind === "advertised" ? s.advertised : prefixesVia(snapshotAt(sessions.snapshots, t), s.side, vmAt(s.history, t));
    return { average: value, total: value, maximum: value, minimum: value, count: 1 };
  }
}

function combine(a: Aggregation, values: number[]): number {
  switch (a) {
    case "average":
      return values.reduce((x, y) => x + y, 0) / values.length;
    case "maximum":
      return Math.max(...values);
    case "minimum":
      return Math.min(...values);
    default:
      return values.reduce((x, y) => x + y, 0);
  }
}
