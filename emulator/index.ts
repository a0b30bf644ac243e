// The embedded Azure: ARM (network and compute) and Key Vault over HTTPS on
// loopback, with a certificate made at start. The real SDK clients talk to
// it through their endpoint option (shared/azure/clients.ts). Each vault is
// its own listener, so vault URLs have Azure's shape (https://host/secrets/…)
// and the SDK parses them unchanged.
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import type { TokenCredential } from "@azure/core-auth";
import type { AzureConfig } from "../shared/azure/clients.js";
import { TYPICAL_SECONDS } from "../shared/plan/typical-durations.js";
import { ArmEngine } from "./arm/engine.js";
import { cloneRename, cloneResourceGroups, retagged, type CloneTarget } from "./arm/clone-resource-group.js";
import { resourceGroupOf } from "./arm/store.js";
import { handleControl } from "./control-api.js";
import { VirtualClock, type Clock } from "./clock.js";
import type { EventBus } from "./events.js";
import type { Faults } from "./faults.js";
import { HUMAN_PRINCIPAL, staticCredential, type Principal } from "./identity.js";
import { EmulatedVault } from "./keyvault/vault.js";
import type { ConvergenceOptions } from "./network/convergence.js";
import type { ResourceGroupTimeline } from "./network/timeline.js";
import type { NetworkState } from "./network/types.js";
import { writePrivateFile } from "./private-file.js";
import { keepClockInFolder, resumeInstant } from "./saved-clock.js";
import { makeCertificate, type Certificate } from "./tls.js";
import { RESOURCE_GRAPH_PATH } from "./resource-graph/endpoint.js";
import type { QuotaOptions } from "./resource-graph/quota.js";
import { ResourceGraphService, type ResourceGraphOptions } from "./resource-graph/service.js";
import { RESOURCE_COLUMNS } from "./resource-graph/rows.js";
import { MetricsBatchEndpoint, METRICS_BATCH_PATH } from "./metrics/batch-endpoint.js";
import { DEFAULT_METRICS_THROTTLE, SubscriptionBuckets, type MetricsThrottleOptions } from "./metrics/throttle.js";

export const DEFAULT_SUBSCRIPTION = "00000000-0000-4000-8000-00000000b0b0";

export interface EmulatorOptions {
  port?: number;
  /**
   * Persist resources and secrets here (loaded at start, written on close),
   * and the clock's time (saved-clock.ts): a clock that can move forward
   * resumes after every time an earlier run on the folder stamped.
   */
  stateDir?: string;
  clock?: Clock & { advanceTo?(ms: number): void };
  /** Provisioning seconds per resource type; defaults to Azure's typical times. */
  durations?: Record<string, number>;
  /** Deletion seconds per resource type; defaults to a quarter of the provisioning time. */
  deleteDurations?: Record<string, number>;
  subscriptionId?: string;
  /** An operation-status poll jumps a virtual clock to the operation's end (so SDK pollers finish). */
  autoAdvance?: boolean;
  retryAfterSeconds?: number;
  convergence?: ConvergenceOptions | false;
  /** Seconds a new VM's guest takes to boot after provisioning (PowerState/starting meanwhile); default 90. */
  vmBootSeconds?: number;
  /** Seconds a BGP probe (getBgpPeerStatus, getLearnedRoutes, Route Server learnedRoutes) runs before its result can be fetched; default 0. */
  probeSeconds?: number;
  /** Resource Graph: how far behind ARM its index runs (default 30 s) and its per-user query quota (default 15 per 5 s). */
  resourceGraph?: ResourceGraphOptions;
  /** Azure Monitor metrics:getBatch: seconds before a bin's values appear (default 180) and its own throttling (529). */
  metrics?: { ingestionDelaySeconds?: number; throttle?: MetricsThrottleOptions };
}

export interface Emulator {
  endpoint: string;
  caCertPem: string;
  credential: TokenCredential;
  subscriptionId: string;
  clock: Clock;
  events: EventBus;
  faults: Faults;
  /** ARM requests so far, by "METHOD type[/action]". */
  counters: Map<string, number>;
  /** Client configuration for this emulator (shared/azure/clients.ts), with vault name -> URL for the vaults to reach. */
  azureConfig(vaults?: Record<string, string>): AzureConfig;
  /** The emulated vault of this name (made on first use); its URL is vaultUrl(name). */
  vaultUrl(name: string): Promise<string>;
  setSecret(vaultName: string, secretName: string, value: string): Promise<void>;
  networkState(): NetworkState;
  /**
   * The session timeline of one resource group (network/timeline.ts), brought
   * up to now first: every tunnel and BGP session state change and every
   * change of the prefixes each Azure side has a path for. Feed it to
   * computeDisruption (network/disruption.ts).
   */
  timeline(resourceGroup: string): ResourceGroupTimeline;
  /** Every resource group's timeline, each brought up to now. */
  timelines(): ResourceGroupTimeline[];
  outOfBand: {
    /** Deep-merge a change into a resource's properties, as a person in the portal would. */
    edit(resourceId: string, change: Record<string, unknown>, by?: Principal): void;
    delete(resourceId: string, by?: Principal): void;
    powerOff(vmId: string, by?: Principal): void;
    /** Hold a connection's gateway BGP sessions down, configuration untouched, until the connection is reset. No event: nothing was written. */
    stickBgp(connectionId: string): void;
  };
  /** Make VM creation with this marketplace plan fail until accepted, as in a subscription that never accepted the terms. */
  declineMarketplaceTerms(plan: { publisher: string; product: string; name: string }): void;
  /** Complete the operations whose time has come. */
  settle(): void;
  /** Ids (lower-case) of every resource the emulator holds, hub children included. */
  storeIds(): string[];
  /**
   * Fleet fixture (no Azure equivalent): copy a deployed resource group into
   * a new one, settled and converged, retagging the ownership tag. Returns how many resources were copied.
   */
  cloneResourceGroup(from: string, to: string, retag?: { key: string; from: string; to: string }, options?: { toSubscription?: string }): number;
  /** Many copies of one resource group at once (much faster per copy); returns how many resources one copy holds. */
  cloneResourceGroups(from: string, targets: CloneTarget[]): number;
  /** Resource Graph (POST {endpoint}/providers/Microsoft.ResourceGraph/resources): its lag and quota can change mid-test. */
  resourceGraph: {
    setLagSeconds(seconds: number): void;
    setQuota(quota: QuotaOptions): void;
    /** Queries answered (each page counts) and refused with 429. */
    stats: { queries: number; throttled: number };
  };
  /**
   * Azure Monitor's metrics batch API (metrics:getBatch). Its endpoint stands for every region's
   * https://{region}.metrics.monitor.azure.com: a MetricsClient takes it with the emulator's CA.
   */
  metrics: {
    endpoint: string;
    setIngestionDelaySeconds(seconds: number): void;
    setThrottle(throttle: MetricsThrottleOptions): void;
    /** Calls answered and calls refused with 529. */
    stats: { calls: number; throttled: number };
  };
  close(): Promise<void>;
}

async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return (server.address() as AddressInfo).port;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body?: unknown): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { ...headers, ...(text ? { "Content-Type": "application/json; charset=utf-8" } : {}) });
  res.end(text);
}

function deepMerge(target: Record<string, any>, change: Record<string, any>): void {
  for (const [k, v] of Object.entries(change)) {
    if (v && typeof v === "object" && !Array.isArray(v) && target[k] && typeof target[k] === "object" && !Array.isArray(target[k])) deepMerge(target[k], v);
    else target[k] = structuredClone(v);
  }
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const clock = options.clock ?? new VirtualClock();
  // Resumed before anything reads it: a restored network is primed, and its secrets' versions dated, at the resumed time.
  const resumeAt = options.stateDir ? resumeInstant(options.stateDir) : null;
  if (resumeAt !== null) clock.advanceTo?.(resumeAt);
  const folderClock = options.stateDir ? keepClockInFolder(clock, options.stateDir) : null;
  const cert: Certificate = await makeCertificate();
  let endpoint = "";
  let self: Emulator | null = null;
  const engine = new ArmEngine({
    clock,
    durations: { ...TYPICAL_SECONDS, ...(options.durations ?? {}) },
    deleteDurations: options.deleteDurations ?? {},
    advanceTo: clock.advanceTo?.bind(clock),
    autoAdvance: options.autoAdvance ?? clock instanceof VirtualClock,
    retryAfterSeconds: options.retryAfterSeconds ?? 10,
    endpoint: () => endpoint,
    convergence: options.convergence ?? {},
    ...(options.vmBootSeconds !== undefined ? { vmBootSeconds: options.vmBootSeconds } : {}),
    ...(options.probeSeconds !== undefined ? { probeSeconds: options.probeSeconds } : {}),
    catchUpOnRead: !(clock instanceof VirtualClock),
  });
  // Timelines stamp changes when they happen, however far a virtual clock jumps.
  let stopCatchingUp = () => {};
  if (clock instanceof VirtualClock) {
    let last = clock.now();
    stopCatchingUp = clock.onAdvance((now) => {
      const from = last;
      last = now;
      engine.catchUp(from, now);
    });
  }
  const graph = new ResourceGraphService(engine, clock, options.resourceGraph);
  graph.extraTables.set("healthresources", { columns: RESOURCE_COLUMNS, rows: (subs) => engine.health.graphRows(subs) });
  engine.health.timelinesCurrent = clock instanceof VirtualClock;
  const metricsBuckets = new SubscriptionBuckets(options.metrics?.throttle ?? DEFAULT_METRICS_THROTTLE, () => clock.now());
  const metrics = new MetricsBatchEndpoint(engine, () => clock.now(), metricsBuckets, (options.metrics?.ingestionDelaySeconds ?? 180) * 1000, clock instanceof VirtualClock);
  const vaults = new Map<string, { vault: EmulatedVault; server: Server; url: string }>();
  const statePath = options.stateDir ? join(options.stateDir, "emulator-state.json") : null;

  const armServer = createServer({ key: cert.key, cert: cert.cert }, async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", endpoint);
      if (url.pathname.startsWith("/_bowtie/") && self) {
        const control = handleControl(self, req.method ?? "GET", url.pathname, await readBody(req));
        return send(res, control.status, {}, control.body);
      }
      if (RESOURCE_GRAPH_PATH.test(url.pathname)) {
        const out = graph.endpoint.handle(req.method ?? "GET", url, req.headers.authorization, await readBody(req));
        return send(res, out.status, out.headers, out.body);
      }
      if (METRICS_BATCH_PATH.test(url.pathname)) {
        const out = metrics.handle(req.method ?? "GET", url, req.headers.authorization, await readBody(req));
        return send(res, out.status, out.headers, out.body);
      }
      const out = await engine.handle({ method: req.method ?? "GET", url, headers: req.headers as Record<string, string>, body: await readBody(req) });
      send(res, out.status, out.headers, out.body);
    } catch (e) {
      send(res, 500, {}, { error: { code: "InternalServerError", message: `emulator error: ${(e as Error).message}` } });
    }
  });
  const port = await listen(armServer, options.port ?? 0);
  endpoint = `https://127.0.0.1:${port}`;

  async function vaultFor(name: string) {
    const key = name.toLowerCase();
    let v = vaults.get(key);
    if (!v) {
      let url = "";
      const vault = new EmulatedVault(name, () => url, () => clock.now());
      const server = createServer({ key: cert.key, cert: cert.cert }, async (req, res) => {
        const out = vault.handle(req.method ?? "GET", new URL(req.url ?? "/", url).pathname, req.headers.authorization, await readBody(req));
        send(res, out.status, out.headers, out.body);
      });
      url = `https://127.0.0.1:${await listen(server, 0)}`;
      v = { vault, server, url };
      vaults.set(key, v);
    }
    return v;
  }

  if (statePath && existsSync(statePath)) {
    const saved = JSON.parse(readFileSync(statePath, "utf8"));
    engine.store.load(saved.arm);
    for (const [name, secrets] of Object.entries(saved.vaults ?? {})) (await vaultFor(name)).vault.load(secrets as never);
    engine.primeConvergence();
    graph.index.seed(engine.store.entries.keys());
  }

  const emitOutOfBand = (resourceId: string, operation: "write" | "delete" | "action", by: Principal, type: string) =>
    engine.events.emit({
      eventType: operation === "write" ? "Microsoft.Resources.ResourceWriteSuccess" : operation === "delete" ? "Microsoft.Resources.ResourceDeleteSuccess" : "Microsoft.Resources.ResourceActionSuccess",
      resourceId,
      operationName: operation === "action" ? `${type}/powerOff/action` : `${type}/${operation}`,
      caller: by,
      at: clock.now(),
      method: operation === "write" ? "PUT" : operation === "delete" ? "DELETE" : "POST",
    });

  self = {
    endpoint,
    caCertPem: cert.cert,
    credential: staticCredential(),
    subscriptionId: options.subscriptionId ?? DEFAULT_SUBSCRIPTION,
    clock,
    events: engine.events,
    faults: engine.faults,
    counters: engine.counters,
    azureConfig: (vaults = {}) => ({ target: "emulator", endpoint, caCertPem: cert.cert, subscriptionId: options.subscriptionId ?? DEFAULT_SUBSCRIPTION, credential: staticCredential(), vaults }),
    vaultUrl: async (name) => (await vaultFor(name)).url,
    setSecret: async (vaultName, secretName, value) => {
      (await vaultFor(vaultName)).vault.set(secretName, value);
    },
    networkState: () => {
      engine.settle();
      return engine.networkState();
    },
    timeline: (resourceGroup) => {
      const rg = resourceGroup.toLowerCase();
      engine.settle();
      engine.networkState(rg);
      return engine.timelines.get(rg)?.toJSON() ?? { resourceGroup: rg, changes: [], snapshots: [] };
    },
    timelines: () => {
      engine.settle();
      for (const rg of engine.store.resourceGroups()) engine.networkState(rg);
      return [...engine.timelines.values()].map((t) => t.toJSON());
    },
    outOfBand: {
      edit(resourceId, change, by = HUMAN_PRINCIPAL) {
        const e = engine.store.get(resourceId);
        if (!e) throw new Error(`no resource ${resourceId}`);
        deepMerge(e.resource.properties, change);
        engine.networkState(resourceGroupOf(resourceId)); // BGP and IKE timers run from the moment of the change
        emitOutOfBand(e.resource.id, "write", by, e.resource.type);
      },
      delete(resourceId, by = HUMAN_PRINCIPAL) {
        const e = engine.store.get(resourceId);
        if (!e) throw new Error(`no resource ${resourceId}`);
        engine.removeNow(e);
        engine.networkState(resourceGroupOf(resourceId));
        emitOutOfBand(e.resource.id, "delete", by, e.resource.type);
      },
      powerOff(vmId, by = HUMAN_PRINCIPAL) {
        const e = engine.store.get(vmId);
        if (!e) throw new Error(`no VM ${vmId}`);
        engine.store.powerStates.set(vmId.toLowerCase(), "stopped");
        engine.networkState(resourceGroupOf(vmId));
        emitOutOfBand(e.resource.id, "action", by, e.resource.type);
      },
      stickBgp(connectionId) {
        if (!engine.store.get(connectionId)) throw new Error(`no connection ${connectionId}`);
        engine.store.stuckConnections.add(connectionId.toLowerCase());
        engine.networkState(resourceGroupOf(connectionId));
      },
    },
    declineMarketplaceTerms: (plan) => engine.unacceptedTerms.add(`${plan.publisher}/${plan.product}/${plan.name}`.toLowerCase()),
    settle: () => engine.settle(),
    storeIds: () => [...engine.store.entries.keys()],
    cloneResourceGroup: (from, to, retag, cloneOptions = {}) => self!.cloneResourceGroups(from, [{ to, ...(retag ? { retag } : {}), ...cloneOptions }]),
    cloneResourceGroups: (from, targets) => {
      engine.settle();
      const n = cloneResourceGroups(engine.store, from, targets);
      const renamed = targets.map((t) => ({ target: t, rename: cloneRename(from, t) }));
      engine.primeClones(from, renamed.map(({ target, rename }) => ({ resourceGroup: target.to, rename })));
      const sourceIds = engine.store.inResourceGroup(from).map((e) => e.resource.id);
      const sourceSubscription = sourceIds[0]!.split("/")[2]!;
      graph.index.seedCopies(
        sourceIds,
        renamed.map(({ target, rename }) => ({
          rename,
          resourceGroup: target.to,
          subscriptionId: target.toSubscription ?? sourceSubscription,
          retag: (tags) => retagged(tags, target.retag),
        })),
      );
      return n;
    },
    resourceGraph: {
      setLagSeconds: (seconds) => void (graph.index.lagMs = seconds * 1000),
      setQuota: (quota) => void (graph.quota.options = quota),
      stats: graph.endpoint.stats,
    },
    metrics: {
      endpoint,
      setIngestionDelaySeconds: (seconds) => void (metrics.ingestionDelayMs = seconds * 1000),
      setThrottle: (throttle) => {
        metricsBuckets.options = throttle;
        metricsBuckets.reset();
      },
      stats: metrics.stats,
    },
    async close() {
      stopCatchingUp();
      folderClock?.close();
      if (statePath) {
        const vaultState = Object.fromEntries([...vaults.values()].map((v) => [v.vault.name, v.vault.toJSON()]));
        writePrivateFile(statePath, JSON.stringify({ arm: engine.store.toJSON(), vaults: vaultState }));
      }
      const servers = [armServer, ...[...vaults.values()].map((v) => v.server)];
      await Promise.all(servers.map((s) => new Promise<void>((r) => { s.closeAllConnections(); s.close(() => r()); })));
    },
  };
  return self;
}
