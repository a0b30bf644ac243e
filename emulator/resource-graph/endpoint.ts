// Resource Graph's query endpoint, POST /providers/Microsoft.ResourceGraph/resources:
// the request body (subscriptions, query, options.$top/$skip/$skipToken/resultFormat),
// the response shape (totalRecords, count, data, resultTruncated, $skipToken),
// the per-user quota and its headers, and 400 naming what the KQL subset lacks.
// It is a tenant-level request: it spends none of a subscription's ARM buckets
// (which ARM bucket a query spends is unconfirmed, FLEET-HEALTH §2.2).
import { randomUUID } from "node:crypto";
import { principalOf } from "../identity.js";
import { KqlError } from "./kql/errors.js";
import { parseQuery } from "./kql/parser.js";
import { run, type RunResult, type Table } from "./kql/run.js";
import { quotaHeaders, type UserQuota } from "./quota.js";

export const RESOURCE_GRAPH_PATH = /^\/providers\/microsoft\.resourcegraph\/resources\/?$/i;
const API_VERSIONS = ["2024-04-01", "2022-10-01", "2021-06-01-preview", "2021-03-01"];
const MAX_TOP = 1000;

export interface GraphResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

export interface GraphStats {
  /** Queries answered (each page counts), and queries refused over quota. */
  queries: number;
  throttled: number;
}

interface CachedResult extends RunResult {
  canPage: boolean;
}

const error = (status: number, code: string, message: string, details?: { code: string; message: string }[], headers: Record<string, string> = {}): GraphResponse => ({
  status,
  headers,
  body: { error: { code, message, ...(details ? { details } : {}) } },
});

export class ResourceGraphEndpoint {
  readonly stats: GraphStats = { queries: 0, throttled: 0 };
  /** Results by skip-token id: later pages read the result the first page computed, as one consistent set. */
  private readonly results = new Map<string, CachedResult>();

  constructor(
    private readonly tables: (name: string, subscriptions: Set<string> | null) => Table | null,
    private readonly quota: UserQuota,
  ) {}

  handle(method: string, url: URL, authorization: string | undefined, bodyText: string): GraphResponse {
    const base = { "x-ms-request-id": randomUUID(), "x-ms-correlation-request-id": randomUUID() };
    const caller = principalOf(authorization);
    if (!caller) return error(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing or malformed.", undefined, base);
    if (method !== "POST") return error(405, "MethodNotAllowed", `${method} is not supported on Microsoft.ResourceGraph/resources.`, undefined, base);
    const version = url.searchParams.get("api-version");
    if (!version || !API_VERSIONS.includes(version)) {
      return error(400, "InvalidApiVersionParameter", `The api-version '${version ?? ""}' is invalid. The supported versions are '${API_VERSIONS.join(",")}'.`, undefined, base);
    }
    const quota = this.quota.take(caller.oid);
    const headers = { ...base, ...quotaHeaders(quota) };
    if (!quota.allowed) {
      this.stats.throttled++;
      return error(429, "RateLimiting", "Client application has been throttled and should not attempt to repeat the request until an amount of time has elapsed. Please see https://aka.ms/resourcegraph-throttling for help.", undefined, {
        ...headers,
        "Retry-After": String(Math.max(1, Math.ceil(quota.resetsAfterMs / 1000))),
      });
    }
    this.stats.queries++;
    let body: { subscriptions?: string[]; query?: unknown; options?: Record<string, unknown> };
    try {
      body = JSON.parse(bodyText || "{}");
    } catch (e) {
      return error(400, "InvalidRequestContent", `The request content was invalid and could not be deserialized: ${(e as Error).message}`, undefined, headers);
    }
    if (typeof body.query !== "string") return error(400, "BadRequest", "The request must have a 'query' string.", undefined, headers);
    const options = body.options ?? {};
    const top = options.$top === undefined ? MAX_TOP : Number(options.$top);
    const skip = options.$skip === undefined ? 0 : Number(options.$skip);
    if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) return error(400, "BadRequest", `options.$top must be a whole number from 1 to ${MAX_TOP}.`, undefined, headers);
    if (!Number.isInteger(skip) || skip < 0) return error(400, "BadRequest", "options.$skip must be a whole number, 0 or more.", undefined, headers);
    const format = options.resultFormat ?? "objectArray";
    if (format !== "objectArray" && format !== "table") return error(400, "BadRequest", "options.resultFormat must be 'objectArray' or 'table'.", undefined, headers);

    let result: CachedResult;
    let offset = skip;
    const token = typeof options.$skipToken === "string" ? readToken(options.$skipToken) : null;
    if (options.$skipToken !== undefined && !token) return error(400, "BadRequest", "options.$skipToken is not a token this service issued.", undefined, headers);
    const cached = token ? this.results.get(token.id) : undefined;
    const id = token?.id ?? randomUUID();
    if (cached) {
      result = cached;
      offset = token!.offset;
    } else {
      try {
        const subs = Array.isArray(body.subscriptions) && body.subscriptions.length ? new Set(body.subscriptions.map((s) => String(s).toLowerCase())) : null;
        const r = run(parseQuery(body.query), (name) => this.tables(name, subs));
        result = { ...r, canPage: !r.limited && r.rows.some((row) => Object.values(row).some((v) => v !== null && typeof v !== "object")) };
      } catch (e) {
        if (!(e instanceof KqlError)) throw e;
        return error(400, "BadRequest", `${e.message}`, [
          { code: "InvalidQuery", message: "Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying." },
          { code: e.code, message: e.message },
        ], headers);
      }
      if (token) offset = token.offset;
      this.remember(id, result);
    }
    const page = result.rows.slice(offset, offset + top);
    const more = offset + page.length < result.rows.length;
    const data = format === "table" ? { columns: result.columns.map((name) => ({ name, type: columnType(result.rows, name) })), rows: page.map((r) => result.columns.map((c) => r[c] ?? null)) } : page;
    return {
      status: 200,
      headers,
      body: {
        totalRecords: result.rows.length,
        count: page.length,
        data,
        facets: [],
        resultTruncated: more && !result.canPage ? "true" : "false",
        ...(more && result.canPage ? { $skipToken: makeToken(id, offset + page.length) } : {}),
      },
    };
  }

  private remember(id: string, result: CachedResult): void {
    this.results.set(id, result);
    // A handful of paged reads at a time is plenty; the oldest go first.
    while (this.results.size > 16) this.results.delete(this.results.keys().next().value!);
  }
}

const makeToken = (id: string, offset: number) => Buffer.from(JSON.stringify({ id, offset })).toString("base64");

function readToken(t: string): { id: string; offset: number } | null {
  try {
    const v = JSON.parse(Buffer.from(t, "base64").toString("utf8"));
    return typeof v.id === "string" && Number.isInteger(v.offset) ? v : null;
  } catch {
    return null;
  }
}

function columnType(rows: Record<string, unknown>[], name: string): string {
  const v = rows.find((r) => r[name] !== null && r[name] !== undefined)?.[name];
  return typeof v === "string" ? "string" : typeof v === "number" ? (Number.isInteger(v) ? "integer" : "real") : typeof v === "boolean" ? "boolean" : "object";
}
