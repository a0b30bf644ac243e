// The ARM side of the emulator: one request in, ARM's response out. Writes
// start a long-running operation that completes on the emulator's clock
// (Azure-AsyncOperation + Retry-After, ARM-FACTS §1.1); reads see the phase
// the resource is in; everything that completes raises its Event Grid event.
import { randomUUID } from "node:crypto";
import type { Clock } from "../clock.js";
import { EventBus } from "../events.js";
import { Faults } from "../faults.js";
import { principalOf, type Principal } from "../identity.js";
import { ConvergenceTracker, type ConvergenceOptions } from "../network/convergence.js";
import { markRollingUpdate, rollingMoments } from "../network/gateway-update.js";
import { computeNetworkState } from "../network/outcome.js";
import { holdStuckSessions } from "../network/stuck-sessions.js";
import { SessionTimeline } from "../network/timeline.js";
import type { NetworkState, StoredResource } from "../network/types.js";
import { runAction } from "./actions.js";
import { anotherOperation, ArmError, badRequest, notFound } from "./errors.js";
import { parseArmPath, type ArmPath } from "./paths.js";
import { enrich, publicView, stamp, withNetworkStatus } from "./readonly-fields.js";
import { ArmStore, resourceGroupOf, type Entry } from "./store.js";
import { createOsDisk, keepCustomData, keepOsDisk, patchDeleteOption, releaseOsDisk, resizes } from "./virtual-machines.js";
import { checkApipaInUse, checkDeleteInUse } from "./in-use.js";
import { isProbe, PROBE_RESULT_KEEP_MS } from "./probes.js";
import { HEALTH_API_VERSIONS, HEALTH_PATH, ResourceHealth } from "../resource-health/service.js";
import { inUse, subnetUsers, validateApipa, validateBody, validateNicAddresses, validateReferences } from "./validation.js";

const isGateway = (type: string) => /virtualnetworkgateways$/i.test(type);

export interface ArmRequest {
  method: string;
  url: URL;
  headers: Record<string, string | undefined>;
  body: string;
}

export interface ArmResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

export interface EngineOptions {
  clock: Clock;
  /** Provisioning seconds per resource type (lower-case keys or exact). */
  durations: Record<string, number>;
  /** Deletion seconds per resource type (same keys); a type not listed takes a quarter of its provisioning time. */
  deleteDurations: Record<string, number>;
  /** Move the clock forward (a VirtualClock's advanceTo); used by auto-advance. */
  advanceTo?: (ms: number) => void;
  /** An operation-status poll jumps the clock to the operation's end. */
  autoAdvance: boolean;
  retryAfterSeconds: number;
  endpoint: () => string;
  /** How long IKE and BGP take to come up (and go down); false: report the steady state at once. */
  convergence: ConvergenceOptions | false;
  /** Seconds a new VM's guest takes to boot once provisioned: it reports PowerState/starting and forwards nothing until then (default 90). */
  vmBootSeconds?: number;
  /** Seconds a BGP probe (getBgpPeerStatus, getLearnedRoutes, Route Server learnedRoutes…) runs before its result can be fetched (default 0). */
  probeSeconds?: number;
  /**
   * The clock moves without telling anyone (a ScaledClock: real time): each
   * look at the network first catches up with the moments that fell due
   * since the last, as a VirtualClock's listener does on every jump.
   */
  catchUpOnRead?: boolean;
}

/** api-versions the pinned SDKs send (ARM-FACTS §0), plus the saved specs' version. */
const API_VERSIONS: Record<string, string[]> = {
  "microsoft.network": ["2026-01-01", "2024-05-01", "2024-03-01"],
  // 2026-03-02: the pinned SDK's disks operations (Microsoft.Compute/disks has its own RP version line).
  "microsoft.compute": ["2026-04-01", "2025-04-01", "2026-03-02"],
};

const lower = (s: string) => s.toLowerCase();

export class ArmEngine {
  readonly store = new ArmStore();
  readonly events = new EventBus();
  readonly faults: Faults;
  readonly counters = new Map<string, number>();
  /** Marketplace plans ("publisher/product/name", lower-case) whose terms this subscription has not accepted. */
  readonly unacceptedTerms = new Set<string>();
  /** One convergence model per resource group: a deployment's network lives in its resource group. */
  private readonly convergence = new Map<string, ConvergenceTracker>();
  /** One session timeline per resource group, fed by every observation of its network. */
  readonly timelines = new Map<string, SessionTimeline>();
  /** Resource Health's availabilityStatuses (connections), read through ARM. */
  readonly health = new ResourceHealth(this);
  /** Probe operations, oldest first, so their results can be let go once nobody will fetch them. */
  private readonly probeOperations: string[] = [];
  /** Under catchUpOnRead: the moment up to which the due moments have been looked at. */
  private caughtUpTo: number;

  constructor(private readonly options: EngineOptions) {
    this.faults = new Faults(() => options.clock.now());
    this.caughtUpTo = options.clock.now();
  }

  private trackerFor(resourceGroup: string): ConvergenceTracker | null {
    if (this.options.convergence === false) return null;
    let t = this.convergence.get(resourceGroup);
    if (!t) this.convergence.set(resourceGroup, (t = new ConvergenceTracker(this.options.convergence)));
    return t;
  }

  now(): number {
    return this.options.clock.now();
  }

  seconds(type: string): number {
    return lookup(this.options.durations, type) ?? 5;
  }

  deleteSeconds(type: string): number {
    return lookup(this.options.deleteDurations, type) ?? Math.max(1, Math.round(this.seconds(type) / 4));
  }

  /** Complete every operation whose time has come; raise their events. */
  settle(now = this.now()): void {
    for (const e of this.store.inFlight()) {
      if ((e.phase === "Creating" || e.phase === "Updating") && e.readyAt <= now) {
        e.phase = e.failWith ? "Failed" : "Succeeded";
        this.store.track(e);
        this.events.emit({
          eventType: e.failWith ? "Microsoft.Resources.ResourceWriteFailure" : "Microsoft.Resources.ResourceWriteSuccess",
          resourceId: e.resource.id,
          operationName: `${e.resource.type}/write`,
          caller: e.caller,
          at: e.readyAt,
          method: "PUT",
          status: e.failWith ? "Failed" : "Succeeded",
        });
      } else if (e.phase === "Deleting" && e.readyAt <= now) {
        this.removeNow(e, e.readyAt);
        this.events.emit({ eventType: "Microsoft.Resources.ResourceDeleteSuccess", resourceId: e.resource.id, operationName: `${e.resource.type}/delete`, caller: e.caller, at: e.readyAt, method: "DELETE" });
      }
    }
  }

  /** Remove a resource at once (a completed delete), its OS disk with a VM when the VM says so. */
  removeNow(e: Entry, at = this.now()): void {
    this.store.remove(e.resource.id);
    if (!/virtualmachines$/i.test(e.resource.type)) return;
    releaseOsDisk(this.store, e.resource, (disk) =>
      this.events.emit({ eventType: "Microsoft.Resources.ResourceDeleteSuccess", resourceId: disk.resource.id, operationName: `${disk.resource.type}/delete`, caller: e.caller, at, method: "DELETE" }),
    );
  }

  /**
   * The clock jumped from `from` to `to` (a durable timer, an operation poll):
   * look at the network at every moment in between when something was due —
   * an operation completing, a guest finishing its boot, a convergence timer
   * (IKE, BGP, DPD, hold) running out — so the timelines carry the moments
   * things happened, not the moment someone next looked. Only resource groups
   * with something due are looked at.
   */
  catchUp(from: number, to: number): void {
    let after = from;
    for (let guard = 0; guard < 100_000; guard++) {
      const due = new Map<string, number>();
      const consider = (rg: string, at: number) => {
        if (at > after && at <= to && at < (due.get(rg) ?? Infinity)) due.set(rg, at);
      };
      for (const e of this.store.inFlight()) {
        consider(resourceGroupOf(e.resource.id), e.readyAt);
        // An in-place gateway update brings instance 0 back, then takes instance 1 down.
        if (e.phase === "Updating" && e.startedAt !== undefined && isGateway(e.resource.type)) for (const t of rollingMoments(e.startedAt, e.readyAt)) consider(resourceGroupOf(e.resource.id), t);
      }
      for (const [id, until] of this.store.bootingUntil) consider(resourceGroupOf(id), until);
      for (const [rg, tracker] of this.convergence) {
        const next = tracker.nextDeadline(after);
        if (next !== undefined) consider(rg, next);
      }
      if (due.size === 0) return;
      const at = Math.min(...due.values());
      this.settle(at);
      for (const [rg, t] of due) if (t === at) this.observe(rg, at);
      after = at;
    }
  }

  /**
   * A network restored from a state folder (or cloned) has been up all along:
   * let the convergence model see today's steady state as established long ago.
   */
  primeConvergence(resourceGroup?: string): void {
    for (const rg of resourceGroup ? [resourceGroup.toLowerCase()] : this.store.resourceGroups()) {
      this.observe(rg, this.now() - 24 * 3600_000, this.now());
      // ...and established now: the convergence deadlines of that first look lie in the past, where
      // catchUp never looks, so without this the timeline (and the metrics drawn from it) would keep
      // the sessions Connecting until someone next read the network.
      this.observe(rg, this.now());
    }
  }

  /**
   * Prime copies of `from` (fleet fixtures made by renaming its JSON) from its
   * steady state, computed once and renamed for each: the copies are the same
   * network under other ids, and computing it again per copy would make a
   * 10,000-deployment fleet take minutes to build.
   */
  primeClones(from: string, targets: { resourceGroup: string; rename: (text: string) => string }[]): void {
    const text = JSON.stringify(this.steadyState(from.toLowerCase(), this.now()));
    for (const t of targets) {
      const renamed = t.rename(text);
      this.observeSteady(t.resourceGroup.toLowerCase(), JSON.parse(renamed) as NetworkState, this.now() - 24 * 3600_000);
      // ...and established now, as primeConvergence does: otherwise the copy's timeline (and its metrics) stays Connecting.
      this.observeSteady(t.resourceGroup.toLowerCase(), JSON.parse(renamed) as NetworkState, this.now());
    }
  }

  /** The network of one resource group as reported at `at` (its resources as they are at `stateAt`), recorded in its timeline. */
  private observe(rg: string, at: number, stateAt = at): NetworkState {
    return this.observeSteady(rg, this.steadyState(rg, stateAt), at);
  }

  private observeSteady(rg: string, steady: NetworkState, at: number): NetworkState {
    const observed = this.trackerFor(rg)?.observe(steady, at) ?? steady;
    let timeline = this.timelines.get(rg);
    if (!timeline) this.timelines.set(rg, (timeline = new SessionTimeline(rg)));
    timeline.record(steady, observed, at);
    return observed;
  }

  /**
   * The network as the emulator derives it now from the resources (write-only
   * values included): of one resource group, or of all of them. Bowtie keeps a
   * deployment in one resource group, so the model never links across groups.
   */
  networkState(resourceGroup?: string): NetworkState {
    // One reading of the clock for the catching up and the look: a real clock moves in between.
    const now = this.now();
    if (this.options.catchUpOnRead && now > this.caughtUpTo) {
      const from = this.caughtUpTo;
      this.caughtUpTo = now;
      this.catchUp(from, now);
    }
    if (resourceGroup === undefined) return mergeStates(this.store.resourceGroups().map((rg) => this.observe(rg, now)));
    return this.observe(resourceGroup.toLowerCase(), now);
  }

  private steadyState(resourceGroup: string, at = this.now()): NetworkState {
    const resources: StoredResource[] = [];
    for (const e of this.store.inResourceGroup(resourceGroup)) {
      const r = enrich(this.store, e);
      if (e.phase === "Updating" && e.startedAt !== undefined && isGateway(r.type)) markRollingUpdate(r, e.startedAt, e.readyAt, at);
      resources.push(r);
      if (lower(r.type) === "microsoft.network/virtualnetworks") {
        for (const s of r.properties.subnets ?? []) resources.push({ id: s.id, name: s.name, type: `${r.type}/subnets`, properties: s.properties ?? {} });
      }
    }
    return holdStuckSessions(computeNetworkState({ resources, powerStates: this.store.powerStatesIn(resourceGroup, at) }), this.store.stuckConnections);
  }

  /** A resource as GET returns it now. */
  view(entry: Entry, state?: NetworkState): StoredResource {
    const needsNetwork = /\/(connections|bgpconnections)$/i.test(entry.resource.type);
    const r = enrich(this.store, entry);
    return publicView(needsNetwork ? withNetworkStatus(r, state ?? this.networkState(resourceGroupOf(entry.resource.id))) : r);
  }

  async handle(req: ArmRequest): Promise<ArmResponse> {
    const headers: Record<string, string> = {
      "x-ms-request-id": randomUUID(),
      "x-ms-correlation-request-id": req.headers["x-ms-correlation-request-id"] ?? randomUUID(),
      "x-ms-routing-request-id": `LOCAL:${new Date(this.now()).toISOString().replace(/[-:.]/g, "").slice(0, 15)}Z:${randomUUID()}`,
    };
    try {
      const caller = principalOf(req.headers.authorization);
      if (!caller) throw new ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing or malformed.");
      const op = /^\/subscriptions\/([^/]+)\/providers\/([^/]+)\/locations\/([^/]+)\/(operations|operationResults)\/([^/?]+)$/i.exec(req.url.pathname);
      if (op && req.method === "GET") {
        // A poll is a read like any other GET: ARM meters it (FLEET-HEALTH §0) and it can be throttled.
        this.countKey(`GET ${op[2]}/locations/${op[4]}`);
        const rate = this.faults.spend("GET", op[1]!);
        if (rate) headers[`x-ms-ratelimit-remaining-subscription-${rate.kind}`] = String(rate.remaining);
        const res = await this.operation(op[4]!, op[5]!);
        return { ...res, headers: { ...headers, ...res.headers } };
      }
      if (HEALTH_PATH.test(req.url.pathname)) {
        const res = this.resourceHealth(req);
        return { ...res, headers: { ...headers, ...res.headers } };
      }
      const path = parseArmPath(req.url.pathname);
      if (!path) throw new ArmError(404, "InvalidResourceType", `The resource path ${req.url.pathname} is not one the emulator serves.`);
      this.checkApiVersion(path, req.url.searchParams.get("api-version"));
      this.count(req.method, path);
      const rate = this.faults.spend(req.method, path.subscriptionId);
      if (rate) headers[`x-ms-ratelimit-remaining-subscription-${rate.kind}`] = String(rate.remaining);
      const delay = this.faults.take({ method: req.method, type: path.type, name: path.name }, ["latency"]);
      if (delay?.kind === "latency") await new Promise((r) => setTimeout(r, delay.ms));
      const fault = this.faults.take({ method: req.method, type: path.type, name: path.name }, ["throttle", "serverError", "conflict"]);
      if (fault?.kind === "throttle") {
        throw new ArmError(429, "SubscriptionRequestsThrottled", `Number of requests for subscription '${path.subscriptionId}' and operation exceeded the backend storage limit. Please try again after '${fault.retryAfterSeconds}' seconds.`, {
          "Retry-After": String(fault.retryAfterSeconds),
          "x-ms-ratelimit-remaining-subscription-reads": "0",
          "x-ms-ratelimit-remaining-subscription-writes": "0",
        });
      }
      if (fault?.kind === "serverError") throw new ArmError(fault.status ?? 500, "InternalServerError", "An internal server error occurred (injected).");
      if (fault?.kind === "conflict") throw anotherOperation(path.id ?? path.type);
      this.settle();
      const res = await this.dispatch(req, path, caller);
      return { ...res, headers: { ...headers, ...res.headers } };
    } catch (e) {
      if (e instanceof ArmError) return { status: e.status, headers: { ...headers, ...e.headers, "x-ms-error-code": e.code }, body: e.body() };
      throw e;
    }
  }

  private count(method: string, path: ArmPath): void {
    this.countKey(`${method} ${path.type}${path.action.length ? `/${path.action.join("/")}` : ""}`);
  }

  private countKey(key: string): void {
    this.counters.set(key, (this.counters.get(key) ?? 0) + 1);
  }

  /**
   * GET {resourceId}/providers/Microsoft.ResourceHealth/availabilityStatuses/current, or the list of a
   * subscription or resource group: an ARM read like any other.
   */
  private resourceHealth(req: ArmRequest): ArmResponse {
    if (req.method !== "GET") throw new ArmError(405, "MethodNotAllowed", `${req.method} is not supported on availabilityStatuses.`);
    const version = req.url.searchParams.get("api-version");
    if (!version) throw badRequest("MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
    if (!HEALTH_API_VERSIONS.includes(version)) throw badRequest("InvalidApiVersionParameter", `The api-version '${version}' is invalid. The supported versions are '${HEALTH_API_VERSIONS.join(",")}'.`);
    const pathname = decodeURIComponent(req.url.pathname);
    const subscription = /^\/subscriptions\/([^/]+)/i.exec(pathname)?.[1];
    if (!subscription) throw new ArmError(404, "InvalidResourceType", `The resource path ${pathname} is not one the emulator serves.`);
    this.countKey("GET Microsoft.ResourceHealth/availabilityStatuses");
    const rate = this.faults.spend("GET", subscription);
    const headers: Record<string, string> = rate ? { [`x-ms-ratelimit-remaining-subscription-${rate.kind}`]: String(rate.remaining) } : {};
    this.settle();
    const target = pathname.replace(HEALTH_PATH, "");
    if (/\/current\/?$/i.test(pathname)) {
      const item = this.health.of(target);
      if (!item) throw new ArmError(404, "ResourceNotFound", `The resource '${target}' was not found.`);
      return { status: 200, headers, body: item };
    }
    const rg = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)$/i.exec(target)?.[1];
    if (target.split("/").filter(Boolean).length > (rg ? 4 : 2)) throw new ArmError(404, "InvalidResourceType", `The resource path ${pathname} is not one the emulator serves.`);
    return { status: 200, headers, body: { value: this.health.list(subscription, rg) } };
  }

  private checkApiVersion(path: ArmPath, version: string | null): void {
    if (!version) throw badRequest("MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
    const allowed = API_VERSIONS[lower(path.type.split("/")[0]!)] ?? [];
    if (!allowed.includes(version)) {
      throw badRequest("InvalidApiVersionParameter", `The api-version '${version}' is invalid. The supported versions are '${allowed.join(",")}'.`);
    }
  }

  private async operation(kind: string, id: string): Promise<ArmResponse> {
    let op = this.store.operations.get(id);
    if (!op) throw new ArmError(404, "OperationNotFound", `Operation ${id} was not found.`);
    if (this.options.autoAdvance && this.now() < op.finishAt) this.options.advanceTo?.(op.finishAt);
    this.settle();
    op = this.store.operations.get(id)!;
    const done = this.now() >= op.finishAt;
    const retry = { "Retry-After": String(this.options.retryAfterSeconds) };
    if (lower(kind) === "operations") {
      if (!done) return { status: 200, headers: retry, body: { status: "InProgress" } };
      return { status: 200, headers: {}, body: op.failWith ? { status: "Failed", error: op.failWith } : { status: "Succeeded" } };
    }
    if (!done) return { status: 202, headers: { ...retry, Location: this.operationUrl(op.resourceId, id, "operationResults") }, body: undefined };
    if (op.failWith) return { status: 400, headers: {}, body: { error: op.failWith } };
    if (op.kind === "action") return { status: 200, headers: {}, body: op.result };
    const entry = this.store.get(op.resourceId);
    return op.kind === "delete" || !entry ? { status: 204, headers: {} } : { status: 200, headers: {}, body: this.view(entry) };
  }

  /**
   * A BGP probe as Azure answers it (ARM-FACTS §2.2): 202 with Location
   * (operationResults, whose 200 body is the result) and Azure-AsyncOperation
   * (operations, the status); the SDK polls the one and fetches the other,
   * and each of those GETs is a read. The result is what the network showed
   * when the probe was made.
   */
  private acceptProbe(entry: Entry, result: unknown): ArmResponse {
    const now = this.now();
    const seconds = this.options.probeSeconds ?? 0;
    const opId = randomUUID();
    this.store.operations.set(opId, { id: opId, resourceId: entry.resource.id, kind: "action", finishAt: now + seconds * 1000, failWith: null, result });
    this.probeOperations.push(opId);
    while (this.probeOperations.length) {
      const oldest = this.store.operations.get(this.probeOperations[0]!);
      if (oldest && oldest.finishAt > now - PROBE_RESULT_KEEP_MS) break;
      this.store.operations.delete(this.probeOperations.shift()!);
    }
    return {
      status: 202,
      headers: {
        Location: this.operationUrl(entry.resource.id, opId, "operationResults"),
        "Azure-AsyncOperation": this.operationUrl(entry.resource.id, opId, "operations"),
        // The SDK polls at once, then waits Retry-After between polls (real seconds).
        "Retry-After": String(Math.ceil(seconds)),
      },
    };
  }

  operationUrl(resourceId: string, opId: string, kind: "operations" | "operationResults"): string {
    const sub = resourceId.split("/")[2];
    const ns = resourceId.split("/providers/")[1]!.split("/")[0];
    const entry = this.store.get(resourceId);
    const loc = (entry?.resource.location as string | undefined) ?? "local";
    return `${this.options.endpoint()}/subscriptions/${sub}/providers/${ns}/locations/${loc}/${kind}/${opId}?api-version=${ns?.toLowerCase() === "microsoft.compute" ? "2026-04-01" : "2026-01-01"}`;
  }

  private async dispatch(req: ArmRequest, path: ArmPath, caller: Principal): Promise<ArmResponse> {
    const body = req.body ? parseJson(req.body) : undefined;
    if (!path.id) return this.list(path);
    if (/\/subnets$/i.test(path.type)) return this.subnet(req.method, path, body, caller);
    const entry = this.store.get(path.id);
    if (path.action.length) {
      if (!entry || entry.phase === "Deleting") throw notFound(path.type, path.name!, path.resourceGroup);
      let result = runAction(this, entry, req.method, path.action, req.url.searchParams, body, caller);
      if (req.method === "POST" && isProbe(entry.resource.type, path.action)) result = this.acceptProbe(entry, result.body);
      if (req.method === "POST") {
        this.events.emit({
          eventType: "Microsoft.Resources.ResourceActionSuccess",
          resourceId: entry.resource.id,
          operationName: `${entry.resource.type}/${path.action.join("/")}/action`,
          caller,
          at: this.now(),
          method: "POST",
        });
      }
      return result;
    }
    switch (req.method) {
      case "GET":
        if (!entry) throw notFound(path.type, path.name!, path.resourceGroup);
        return { status: 200, headers: {}, body: this.viewFor(entry, req.url.searchParams) };
      case "PUT":
        return this.put(path, body, req.headers, caller);
      case "PATCH":
        if (!entry) throw notFound(path.type, path.name!, path.resourceGroup);
        if (body && typeof body === "object" && "tags" in body) entry.resource.tags = (body as { tags: Record<string, string> }).tags;
        if (/virtualmachines$/i.test(entry.resource.type)) patchDeleteOption(entry, (body as { properties?: Record<string, any> } | undefined)?.properties);
        this.events.emit({ eventType: "Microsoft.Resources.ResourceWriteSuccess", resourceId: entry.resource.id, operationName: `${entry.resource.type}/write`, caller, at: this.now(), method: "PATCH" });
        return { status: 200, headers: {}, body: this.view(entry) };
      case "DELETE":
        return this.delete(path, entry, caller);
      default:
        throw new ArmError(405, "MethodNotAllowed", `${req.method} is not supported on ${path.type}.`);
    }
  }

  private viewFor(entry: Entry, query: URLSearchParams): StoredResource {
    const v = this.view(entry);
    if (query.get("$expand") === "instanceView" && /virtualmachines$/i.test(entry.resource.type)) {
      (v.properties as Record<string, unknown>).instanceView = instanceView(this.store, entry, this.now());
    }
    return v;
  }

  private list(path: ArmPath): ArmResponse {
    // Only bgpConnections carry network status in a list: ARM fills a connection's
    // connectionStatus and tunnelConnectionStatus on its own GET only, never in a
    // list (azure-powershell#2581, azure-cli#2061). Other lists skip the model.
    const state = /\/bgpconnections$/i.test(path.type) ? this.networkState(path.resourceGroup ?? "") : undefined;
    const listed = (e: Entry) => (/\/connections$/i.test(e.resource.type) ? publicView(enrich(this.store, e)) : this.view(e, state));
    if (path.parentId) {
      const parent = this.store.get(path.parentId);
      if (!parent) throw notFound(path.parentId.split("/providers/")[1]!.split("/").slice(0, 2).join("/"), path.parentId.split("/").pop()!, path.resourceGroup);
      if (/\/subnets$/i.test(path.type)) return { status: 200, headers: {}, body: { value: this.view(parent).properties.subnets ?? [] } };
      const children = this.store.childrenOf(path.parentId).filter((c) => lower(c.resource.type) === lower(path.type));
      return { status: 200, headers: {}, body: { value: children.map(listed) } };
    }
    return { status: 200, headers: {}, body: { value: this.store.ofType(path.type, path.resourceGroup).map(listed) } };
  }

  private put(path: ArmPath, body: unknown, headers: ArmRequest["headers"], caller: Principal): ArmResponse {
    validateBody(path.type, body);
    const id = path.id!;
    const existing = this.store.get(id);
    const ifMatch = headers["if-match"];
    if (ifMatch && ifMatch !== "*" && ifMatch !== existing?.resource.etag) throw new ArmError(412, "PreconditionFailed", "The condition specified in If-Match does not match the resource's current etag.");
    if (headers["if-none-match"] === "*" && existing) throw new ArmError(412, "PreconditionFailed", "The resource already exists (If-None-Match: *).");
    if (existing?.phase === "Deleting") throw anotherOperation(id);
    this.checkBusy(path, body.properties ?? {});
    validateApipa(path.type, body);
    validateReferences(this.store, id, body);
    validateNicAddresses(this.store, path.type, body);
    this.checkMarketplaceTerms(body);
    if (existing && /virtualnetworks$/i.test(path.type)) this.checkRemovedSubnets(existing, body.properties ?? {});
    if (existing && /virtualnetworkgateways$/i.test(path.type)) checkApipaInUse(this.store, existing, body.properties ?? {});
    if (existing && /virtualmachines$/i.test(path.type)) {
      keepCustomData(existing, body.properties ?? {});
      keepOsDisk(existing, (body.properties ??= {}));
    }

    const { id: _i, name: _n, type: _t, etag: _e, properties, ...top } = body as Record<string, any>;
    const resource: StoredResource = { ...top, id, name: path.name!, type: canonicalType(path.type), properties: structuredClone(properties ?? {}) };
    stamp(this.store, resource, existing?.resource);
    const failure = this.faults.take({ method: "PUT", type: path.type, name: path.name }, ["failProvisioning"]);
    const failWith = failure?.kind === "failProvisioning" ? { code: failure.code ?? "InternalServerError", message: failure.message ?? "Provisioning failed (injected)." } : null;
    const now = this.now();
    const opId = randomUUID();
    const readyAt = now + this.seconds(resource.type) * 1000;
    const entry: Entry = { resource, phase: existing ? "Updating" : "Creating", readyAt, startedAt: now, failWith, operationId: opId, caller };
    this.store.set(entry);
    if (/virtualmachines$/i.test(path.type) && !this.store.powerStates.has(lower(id))) {
      this.store.powerStates.set(lower(id), "running");
      this.store.bootingUntil.set(lower(id), readyAt + (this.options.vmBootSeconds ?? 90) * 1000);
    } else if (existing && /virtualmachines$/i.test(path.type) && this.store.powerStates.get(lower(id)) === "running" && resizes(existing, resource.properties)) {
      // A running VM resized restarts: it forwards nothing from now until it has booted on its new size.
      this.store.bootingUntil.set(lower(id), readyAt + (this.options.vmBootSeconds ?? 90) * 1000);
    }
    if (/virtualmachines$/i.test(path.type) && !existing) createOsDisk(this.store, resource, caller);
    this.store.operations.set(opId, { id: opId, resourceId: id, kind: "put", finishAt: readyAt, failWith });
    this.settle();
    // An in-place gateway update takes instance 0 down at once: look now, or a
    // run that reads nothing until instance 0 is back (catchUp looks only at
    // the moments after) leaves that half of the update out of the timeline.
    if (existing && isGateway(path.type)) this.observe(resourceGroupOf(id), now);
    return {
      status: existing ? 200 : 201,
      headers: { "Azure-AsyncOperation": this.operationUrl(id, opId, "operations"), "Retry-After": String(this.options.retryAfterSeconds) },
      body: this.view(entry),
    };
  }

  /** ARM refuses a write while the gateway, its connection or a sibling hub child is mid-operation (ARM-FACTS §3.1, §4.4). */
  private checkBusy(path: ArmPath, properties: Record<string, any>): void {
    const busy = (e: Entry | undefined) => !!e && (e.phase === "Creating" || e.phase === "Updating" || e.phase === "Deleting");
    const t = lower(path.type);
    if ((t.endsWith("/virtualnetworkgateways") || t.endsWith("/connections")) && busy(this.store.get(path.id!))) throw anotherOperation(path.id!);
    if (t.endsWith("/connections") && properties.virtualNetworkGateway1?.id && busy(this.store.get(properties.virtualNetworkGateway1.id))) {
      throw anotherOperation(properties.virtualNetworkGateway1.id);
    }
    if (path.parentId && /virtualhubs\/(bgpconnections|ipconfigurations)$/i.test(t)) {
      const sibling = this.store.childrenOf(path.parentId).find((c) => busy(c) && lower(c.resource.id) !== lower(path.id!));
      if (sibling) throw anotherOperation(sibling.resource.id);
    }
  }

  /** A marketplace image with a plan needs its terms accepted first (ARM-FACTS §1.9). */
  private checkMarketplaceTerms(body: Record<string, any>): void {
    const plan = body.plan as { publisher?: string; product?: string; name?: string } | undefined;
    if (!plan) return;
    const key = `${plan.publisher}/${plan.product}/${plan.name}`.toLowerCase();
    if (this.unacceptedTerms.has(key)) {
      throw badRequest(
        "ResourcePurchaseValidationFailed",
        `User failed validation to purchase resources. Error message: 'You have not accepted the legal terms on this subscription for this plan. Before the subscription can be used, you need to accept the legal terms of the image (publisher ${plan.publisher}, offer ${plan.product}, plan ${plan.name}).'`,
      );
    }
  }

  private checkRemovedSubnets(existing: Entry, properties: Record<string, any>): void {
    const keep = new Set((properties.subnets ?? []).map((s: any) => lower(s.name)));
    for (const s of existing.resource.properties.subnets ?? []) {
      if (keep.has(lower(s.name))) continue;
      const user = subnetUsers(this.store, s.id)[0];
      if (user) throw inUse(s.name, user);
    }
  }

  private delete(path: ArmPath, entry: Entry | undefined, caller: Principal): ArmResponse {
    if (!entry) return { status: 204, headers: {} };
    if (/virtualnetworks$/i.test(path.type)) {
      for (const s of entry.resource.properties.subnets ?? []) {
        const user = subnetUsers(this.store, s.id).find((u) => !lower(u).startsWith(lower(entry.resource.id)));
        if (user) throw inUse(s.name, user);
      }
    }
    checkDeleteInUse(this.store, entry);
    this.checkBusy(path, {});
    const opId = randomUUID();
    const finishAt = this.now() + this.deleteSeconds(entry.resource.type) * 1000;
    entry.phase = "Deleting";
    entry.readyAt = finishAt;
    this.store.track(entry);
    entry.caller = caller;
    this.store.operations.set(opId, { id: opId, resourceId: entry.resource.id, kind: "delete", finishAt, failWith: null });
    return {
      status: 202,
      headers: {
        Location: this.operationUrl(entry.resource.id, opId, "operationResults"),
        "Azure-AsyncOperation": this.operationUrl(entry.resource.id, opId, "operations"),
        "Retry-After": String(this.options.retryAfterSeconds),
      },
    };
  }

  private subnet(method: string, path: ArmPath, body: unknown, caller: Principal): ArmResponse {
    const vnet = this.store.get(path.parentId!);
    if (!vnet) throw notFound("Microsoft.Network/virtualNetworks", path.parentId!.split("/").pop()!, path.resourceGroup);
    const subnets: any[] = (vnet.resource.properties.subnets ??= []);
    const at = subnets.findIndex((s) => lower(s.name) === lower(path.name!));
    if (method === "GET") {
      if (at < 0) throw notFound(path.type, path.name!, path.resourceGroup);
      return { status: 200, headers: {}, body: subnets[at] };
    }
    if (method === "DELETE") {
      if (at < 0) return { status: 204, headers: {} };
      const user = subnetUsers(this.store, subnets[at].id)[0];
      if (user) throw inUse(path.name!, user);
      subnets.splice(at, 1);
      this.events.emit({ eventType: "Microsoft.Resources.ResourceDeleteSuccess", resourceId: path.id!, operationName: `${path.type}/delete`, caller, at: this.now(), method: "DELETE" });
      return { status: 200, headers: {} };
    }
    if (method === "PUT") {
      const b = (body ?? {}) as { properties?: Record<string, unknown> };
      const subnet = { name: path.name!, properties: { ...(b.properties ?? {}) } };
      if (at < 0) subnets.push(subnet);
      else subnets[at] = subnet;
      stamp(this.store, vnet.resource, vnet.resource);
      this.events.emit({ eventType: "Microsoft.Resources.ResourceWriteSuccess", resourceId: path.id!, operationName: `${path.type}/write`, caller, at: this.now(), method: "PUT" });
      return { status: at < 0 ? 201 : 200, headers: {}, body: subnets.find((s) => lower(s.name) === lower(path.name!)) };
    }
    throw new ArmError(405, "MethodNotAllowed", `${method} is not supported on subnets.`);
  }
}

/** Resource groups' networks side by side (they share nothing). */
function mergeStates(states: NetworkState[]): NetworkState {
  const merged: NetworkState = { tunnels: [], gatewayPeers: [], routeServerPeers: [], gatewayLearnedRoutes: {}, gatewayAdvertisedRoutes: {}, routeServerLearnedRoutes: {}, routeServerAdvertisedRoutes: {}, stoppedVms: [], vmIds: [] };
  for (const s of states) {
    merged.tunnels.push(...s.tunnels);
    merged.gatewayPeers.push(...s.gatewayPeers);
    merged.routeServerPeers.push(...s.routeServerPeers);
    Object.assign(merged.gatewayLearnedRoutes, s.gatewayLearnedRoutes);
    Object.assign(merged.gatewayAdvertisedRoutes, s.gatewayAdvertisedRoutes);
    Object.assign(merged.routeServerLearnedRoutes, s.routeServerLearnedRoutes);
    Object.assign(merged.routeServerAdvertisedRoutes, s.routeServerAdvertisedRoutes);
    merged.stoppedVms!.push(...(s.stoppedVms ?? []));
    merged.vmIds!.push(...(s.vmIds ?? []));
  }
  return merged;
}

/** A per-type table's value for this type (exact key first, then any casing). */
function lookup(table: Record<string, number>, type: string): number | undefined {
  return table[type] ?? Object.entries(table).find(([k]) => lower(k) === lower(type))?.[1];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequest("InvalidRequestContent", `The request content was invalid and could not be deserialized: ${(e as Error).message}`);
  }
}

const CANONICAL_TYPES = [
  "Microsoft.Network/virtualNetworks",
  "Microsoft.Network/publicIPAddresses",
  "Microsoft.Network/networkSecurityGroups",
  "Microsoft.Network/networkInterfaces",
  "Microsoft.Network/virtualNetworkGateways",
  "Microsoft.Network/localNetworkGateways",
  "Microsoft.Network/connections",
  "Microsoft.Network/virtualHubs",
  "Microsoft.Network/virtualHubs/ipConfigurations",
  "Microsoft.Network/virtualHubs/bgpConnections",
  "Microsoft.Compute/virtualMachines",
  "Microsoft.Compute/disks",
];

/** ARM returns types in their canonical casing whatever the request's casing. */
function canonicalType(type: string): string {
  return CANONICAL_TYPES.find((t) => lower(t) === lower(type)) ?? type;
}

export function instanceView(store: ArmStore, entry: Entry, now: number) {
  const power = store.powerStateAt(entry.resource.id, now) ?? "running";
  // A failed provisioning names its error as Azure's instance view does: ProvisioningState/failed/<code>, level Error, with the message.
  const failed = entry.phase === "Failed" && entry.failWith;
  return {
    statuses: [
      failed
        ? { code: `ProvisioningState/failed/${entry.failWith!.code}`, level: "Error", displayStatus: "Provisioning failed", message: entry.failWith!.message }
        : { code: `ProvisioningState/${lower(entry.phase)}`, level: "Info", displayStatus: `Provisioning ${lower(entry.phase)}` },
      { code: `PowerState/${power}`, level: "Info", displayStatus: `VM ${power}` },
    ],
  };
}

