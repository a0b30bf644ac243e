// The generated parts of openapi/bowtie.openapi.json: the spec's JSON Schema
// (embedded, so the served document is self-contained) and every example,
// each the real handler's answer to a fixed request, with the real durable
// client where a handler starts an orchestration. test/functions/openapi.test.ts
// fails when the checked-in document differs from this; refresh it with
//   npx tsx openapi/generate.ts
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import functions, { type HttpResponseInit } from "@azure/functions";
import type * as df from "durable-functions";
import { dryRunPlan } from "../functions/http/dry-run-plan.js";
import { getDeployment } from "../functions/http/get-deployment.js";
import { getHealth } from "../functions/http/get-health.js";
import { startDeployment } from "../functions/http/start-deployment.js";
import type { StarterClient } from "../functions/http/starter-client.js";
import { teardownDeployment } from "../functions/http/teardown-deployment.js";
import { getFleet } from "../functions/http/ui/views.js";
import { rotatePskDeployment } from "../functions/http/rotate-psk.js";
import { receiveAlert } from "../functions/http/receive-alert.js";
import { whatIfDeployment } from "../functions/http/what-if.js";
import { whatIf } from "../shared/changes/what-if.js";
import type { DeployResult } from "../orchestrations/deploy/deploy-topology.js";
import { healthReport, type HealthReport } from "../shared/health/report.js";
import type { Inventory } from "../shared/health/drift.js";
import { instanceId } from "../shared/names.js";
import { toSdkModel } from "../shared/plan/arm/sdk-models.js";
import { fillPlaceholders } from "../shared/plan/placeholders.js";
import { planFromSpec } from "../shared/plan/plan.js";
import { topologyJsonSchema } from "../shared/spec/json-schema.js";
import { validateSpec } from "../shared/spec/validate.js";
import type { DeploymentRecord, DeploymentRegistry, OperationLease } from "../shared/storage/deployment-registry.js";
import type { HealthReports } from "../shared/storage/health-reports.js";
import type { HistoryEntry, OperationHistory } from "../shared/storage/operation-history.js";

export const DOCUMENT_FILE = fileURLToPath(new URL("./bowtie.openapi.json", import.meta.url));
const ORIGIN = "https://bowtie.azurewebsites.net";
const SUB = "00000000-0000-4000-8000-000000000001";
const T0 = "2025-06-02T09:00:00.000Z";
const T1 = "2025-06-02T09:38:12.000Z";

const seed = JSON.parse(readFileSync(new URL("../examples/seed-lab.json", import.meta.url), "utf8")) as Record<string, any>;
const valid = validateSpec(seed);
if (!valid.ok) throw new Error("examples/seed-lab.json is invalid");
const spec = valid.spec;
const plan = planFromSpec(spec);

/** A response as it goes on the wire: status, headers, JSON body. */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export async function toWire(res: HttpResponseInit | InstanceType<typeof functions.HttpResponse>): Promise<WireResponse> {
  if (res instanceof functions.HttpResponse) {
    return { status: res.status, headers: Object.fromEntries(res.headers.entries()), body: await res.json() };
  }
  // jsonBody goes through JSON.stringify on the way out (Dates become ISO strings).
  return { status: res.status ?? 200, headers: { ...(res.headers as Record<string, string> | undefined) }, body: JSON.parse(JSON.stringify(res.jsonBody ?? null)) };
}

export const request = (method: string, path: string, body?: unknown, params: Record<string, string> = {}) =>
  new functions.HttpRequest({ method, url: `${ORIGIN}${path}`, body: body === undefined ? undefined : { string: typeof body === "string" ? body : JSON.stringify(body) }, params });

const context = new functions.InvocationContext({ functionName: "openapi-examples", logHandler: () => undefined });

// What the Durable extension hands the client binding: its management URLs
// carry the system key (a stand-in here). No Bowtie answer may carry them;
// test/functions/openapi.test.ts looks for this stand-in in every example.
export const SYSTEM_KEY = "SYSTEM_KEY";
const HUB = "BowtieHub";
const QS = `taskHub=${HUB}&connection=Storage&code=${SYSTEM_KEY}`;
const MGMT = `http://localhost:7071/runtime/webhooks/durabletask/instances/INSTANCEID`;
const clientData = {
  taskHubName: HUB,
  creationUrls: {
    createNewInstancePostUri: `http://localhost:7071/runtime/webhooks/durabletask/orchestrators/{functionName}[/{instanceId}]?code=${SYSTEM_KEY}`,
    createAndWaitOnNewInstancePostUri: `http://localhost:7071/runtime/webhooks/durabletask/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&code=${SYSTEM_KEY}`,
  },
  managementUrls: {
    id: "INSTANCEID",
    statusQueryGetUri: `${MGMT}?${QS}`,
    sendEventPostUri: `${MGMT}/raiseEvent/{eventName}?${QS}`,
    terminatePostUri: `${MGMT}/terminate?reason={text}&${QS}`,
    rewindPostUri: `${MGMT}/rewind?reason={text}&${QS}`,
    purgeHistoryDeleteUri: `${MGMT}?${QS}`,
    restartPostUri: `${MGMT}/restart?${QS}`,
    suspendPostUri: `${MGMT}/suspend?reason={text}&${QS}`,
    resumePostUri: `${MGMT}/resume?reason={text}&${QS}`,
  },
  baseUrl: "http://localhost:7071/runtime/webhooks/durabletask",
  requiredQueryStringParameters: `code=${SYSTEM_KEY}`,
};

type Status = Pick<df.DurableOrchestrationStatus, "instanceId" | "runtimeStatus" | "customStatus" | "output" | "createdTime" | "lastUpdatedTime"> & { input?: unknown };

/**
 * The real DurableClient (configured with the system key, as under the host),
 * its calls to the extension replaced by a fixed set of instances.
 */
export function durableClient(instances: Record<string, Status> = {}): StarterClient {
  // durable-functions exports only the client's type; the class is CommonJS under lib/.
  const { DurableClient } = createRequire(import.meta.url)("durable-functions/lib/src/durableClient/DurableClient.js") as {
    DurableClient: new (data: unknown) => df.DurableClient;
  };
  const client = new DurableClient(clientData);
  client.getStatus = async (id: string) => {
    const s = instances[id];
    if (!s) throw new Error(`DurableClient error: Durable Functions extension replied with HTTP 404 response. (${id})`);
    return s as df.DurableOrchestrationStatus;
  };
  client.startNew = async (_name: string, options?: df.StartNewOptions) => options?.instanceId ?? "generated";
  return client;
}

/** The token of the lock the examples' running operations hold (their input carries it, as a starter's does). */
const TOKEN = "00000000-0000-4000-8000-0000000000cc";
export const running = (id: string, customStatus: unknown = null): Status => ({
  instanceId: id,
  runtimeStatus: "Running" as df.OrchestrationRuntimeStatus,
  input: { operation: { token: TOKEN } },
  customStatus,
  output: null,
  createdTime: new Date(T0),
  lastUpdatedTime: new Date(T0),
});

/** The lock a running operation holds in its deployment's row. */
export const leaseOf = (id: string): OperationLease => ({ kind: id.split(":")[0] as OperationLease["kind"], instanceId: id, token: TOKEN, since: T0 });

/** The examples' clock. */
export const exampleNow = () => new Date(T1);

/** An in-memory registry with the registry's conditional writes (ETags), enough for the HTTP handlers. */
export function registryOf(records: DeploymentRecord[]): DeploymentRegistry {
  const rows = new Map(records.map((r) => [r.name, { record: structuredClone(r), etag: "1" }]));
  let version = 1;
  const fake = {
    get: async (name: string) => structuredClone(rows.get(name)?.record ?? null),
    list: async () => [...rows.values()].map((r) => structuredClone(r.record)).sort((a, b) => a.name.localeCompare(b.name)),
    read: async (name: string) => structuredClone(rows.get(name) ?? null),
    create: async (record: DeploymentRecord) => {
      if (rows.has(record.name)) return false;
      rows.set(record.name, { record: structuredClone(record), etag: String(++version) });
      return true;
    },
    replaceIfUnchanged: async (record: DeploymentRecord, etag: string) => {
      if (rows.get(record.name)?.etag !== etag) return false;
      rows.set(record.name, { record: structuredClone(record), etag: String(++version) });
      return true;
    },
    mutate: async (name: string, change: (r: DeploymentRecord) => DeploymentRecord | null) => {
      const row = rows.get(name);
      const next = row ? change(structuredClone(row.record)) : null;
      if (next) rows.set(name, { record: next, etag: String(++version) });
      return next;
    },
  };
  return fake as unknown as DeploymentRegistry;
}

export const reportsOf = (reports: HealthReport[]) =>
  ({ latest: async (name: string) => reports.find((r) => r.deployment === name) ?? null }) as unknown as HealthReports;

/** An in-memory operation history, newest first as the table keeps it. */
export const historyOf = (entries: HistoryEntry[]) =>
  ({ list: async (name: string, limit = 50) => entries.filter((e) => e.deployment === name).sort((a, b) => b.endedAt.localeCompare(a.endedAt)).slice(0, limit) }) as unknown as OperationHistory;

/** The seed lab's first deploy, as endOperation records it. */
export const deployEnded: HistoryEntry = { deployment: spec.name, kind: "deploy", instanceId: instanceId.deploy(spec.name), status: "Succeeded", reason: null, startedAt: T0, endedAt: T1, writes: 23 };

/** The progress a remediation reports while it runs (deployTopology's custom status). */
export const remediationProgress = { deployment: spec.name, phase: "applying", total: 24, byPhase: { pending: 0, applying: 0, provisioning: 1, succeeded: 23, failed: 0 }, provisioning: [{ name: "c8k-20", type: "Microsoft.Compute/virtualMachines", seconds: 40 }], failed: [] };

/** What a finished deploy of the seed lab returns, one BGP row per side kept. */
const deployResult: DeployResult = {
  status: "Succeeded",
  deployment: spec.name,
  writes: 23,
  sessions: {
    gateway: [{ nva: "c8k-10", instance: 0, localAddress: "169.254.21.2", neighbor: "169.254.21.1", asn: 65002, state: "Connected", tunnel: "Tunnel101" }],
    routeServer: [{ nva: "c8k-10", peerIp: "10.10.1.4", routerIp: "10.10.4.4", state: "Connected" }],
  },
  problems: [],
  missingRoutes: [],
  failures: [],
  resets: [],
  startedAt: T0,
  finishedAt: T1,
};

export const record = (status: DeploymentRecord["status"], lastResult: unknown = null, lease?: OperationLease): DeploymentRecord => ({
  name: spec.name,
  resourceGroup: spec.resourceGroup,
  subscriptionId: SUB,
  spec,
  status,
  instanceId: instanceId.deploy(spec.name),
  lastResult,
  reason: null,
  updatedAt: T1,
  ...(lease ? { lease } : {}),
});

/** The inventory of a seed lab that matches its plan (as test/health/drift.test.ts builds it). */
function healthyInventory(): Inventory {
  const ips = new Map(plan.resources.filter((r) => r.type === "Microsoft.Network/publicIPAddresses").map((r, i) => [r.name, `198.51.100.${4 + i}`]));
  const inv: Inventory = new Map();
  for (const res of plan.resources) {
    const body = fillPlaceholders(res.body, (p) =>
      p.kind === "publicIp" ? ips.get(p.arg)! : p.kind === "routeServerIp" ? `10.10.4.${4 + Number(p.arg)}` : p.kind === "subscriptionId" ? SUB : "write-only",
    ) as Record<string, any>;
    const props: Record<string, unknown> = { ...(body.properties ?? {}), provisioningState: "Succeeded" };
    delete props.sharedKey;
    if (res.type === "Microsoft.Network/publicIPAddresses") props.ipAddress = ips.get(res.name);
    if (res.type === "Microsoft.Network/virtualHubs") props.virtualRouterIps = ["10.10.4.4", "10.10.4.5"];
    inv.set(res.id.replace("{{subscriptionId}}", SUB).toLowerCase(), { ...toSdkModel({ type: res.type, body: { ...body, properties: props } }), name: res.name, type: res.type });
  }
  return inv;
}

/** The real health check's report when c8k-20 was powered off out of band: its sessions are down, c8k-10 carries the traffic. */
export function degradedReport(): HealthReport {
  const vms = plan.resources.filter((r) => r.type === "Microsoft.Compute/virtualMachines");
  const powerStates = Object.fromEntries(vms.map((r) => [r.id.replace("{{subscriptionId}}", SUB).toLowerCase(), r.name === "c8k-20" ? "deallocated" : "running"]));
  const state = (nva: string) => (nva === "c8k-20" ? "Connecting" : "Connected");
  return healthReport(plan, {
    inventory: healthyInventory(),
    powerStates,
    network: {
      gatewayPeers: plan.apipa.map((row) => ({ localAddress: row.gatewayBgpIp, neighbor: row.nvaBgpIp, asn: 65002, state: state(row.nva) })),
      tunnels: plan.apipa.map((row) => ({ connection: row.connection, instance: row.gatewayInstance, state: row.nva === "c8k-20" ? "NotConnected" : "Connected" })),
      routeServerPeers: plan.topology.nvas.flatMap((nva) => ["10.10.4.4", "10.10.4.5"].map((routerIp) => ({ peerIp: nva.insideIp, routerIp, state: state(nva.name) }))),
      gatewayLearned: ["10.10.0.0/16"],
      routeServerLearned: { "10.10.1.4": ["10.0.0.0/16"], "10.10.1.5": [] },
    },
    routerIps: ["10.10.4.4", "10.10.4.5"],
    subscriptionId: SUB,
    checkedAt: T1,
  });
}

/** The seed lab with c8k-20 on a larger VM size: an in-place resize. */
function resized(): Record<string, any> {
  const next = structuredClone(seed);
  next.nvas[1].vmSize = "Standard_D4as_v5";
  return next;
}

/** A Fired BgpPeerStatus alert on the seed lab's gateway, as the action group's webhook posts it (the tests' fixture). */
export const ALERT_FIRED = JSON.parse(readFileSync(new URL("../test/fixtures/alerts/bgp-peer-status-fired.json", import.meta.url), "utf8")) as Record<string, any>;

export const postAlert = (body: unknown, records: DeploymentRecord[], client = durableClient()) =>
  receiveAlert(request("POST", "/api/alerts", body), context, { registry: registryOf(records), client, subscriptionId: SUB, now: exampleNow });

/** Every example in the document, by its name under components.examples: the handler's real response. */
export async function exampleResponses(): Promise<Record<string, WireResponse>> {
  const bad = structuredClone(seed);
  bad.gateway.asn = 65002;
  bad.nvas[0].outsideIp = "10.10.9.4";
  const deployId = instanceId.deploy(spec.name);
  const rotateId = instanceId.rotate(spec.name);
  const done: Status = { instanceId: deployId, runtimeStatus: "Completed" as df.OrchestrationRuntimeStatus, customStatus: null, output: deployResult, createdTime: new Date(T0), lastUpdatedTime: new Date(T1) };
  const deploying = () => registryOf([record("Deploying", null, leaseOf(deployId))]);
  const del = (name: string) => request("DELETE", `/api/deployments/${name}`, undefined, { name });
  const rotate = (name: string) => request("POST", `/api/deployments/${name}/rotate-psk`, undefined, { name });
  return {
    OrchestrationStarted: await toWire(await startDeployment(request("POST", "/api/deployments", seed), durableClient(), context, registryOf([]), exampleNow)),
    InvalidSpec: await toWire(await dryRunPlan(request("POST", "/api/plan", bad))),
    AlreadyDeploying: await toWire(await startDeployment(request("POST", "/api/deployments", seed), durableClient({ [deployId]: running(deployId) }), context, deploying(), exampleNow)),
    StillDeploying: await toWire(await teardownDeployment(del(spec.name), durableClient({ [deployId]: running(deployId) }), context, deploying(), exampleNow)),
    InvalidName: await toWire(await teardownDeployment(del("Lab_1"), durableClient(), context, registryOf([]), exampleNow)),
    RotationStarted: await toWire(await rotatePskDeployment(rotate(spec.name), durableClient(), context, registryOf([record("Succeeded", deployResult)]), exampleNow)),
    RotationWhileDeploying: await toWire(await rotatePskDeployment(rotate(spec.name), durableClient({ [deployId]: running(deployId) }), context, deploying(), exampleNow)),
    NotFound: await toWire(await getDeployment(request("GET", "/api/deployments/nope", undefined, { name: "nope" }), durableClient(), registryOf([]))),
    DeploymentSucceeded: await toWire(
      await getDeployment(request("GET", `/api/deployments/${spec.name}`, undefined, { name: spec.name }), durableClient({ [deployId]: done }), registryOf([record("Succeeded", deployResult)])),
    ),
    WhatIfResize: await toWire(
      await whatIfDeployment(request("POST", `/api/deployments/${spec.name}/whatif`, resized(), { name: spec.name }), registryOf([record("Succeeded", deployResult)]), async (s) => ({
        changes: whatIf(planFromSpec(s), healthyInventory(), SUB),
      })),
    ),
    FleetDegraded: await toWire(
      await getFleet({
        registry: registryOf([{ ...record("Remediating", deployResult, leaseOf(instanceId.remediate(spec.name))), lastOperation: "remediate" }]),
        reports: reportsOf([degradedReport()]),
        history: historyOf([deployEnded]),
        client: durableClient({ [instanceId.remediate(spec.name)]: running(instanceId.remediate(spec.name), remediationProgress) }),
      }),
    ),
    AlertCheckStarted: await toWire(await postAlert(ALERT_FIRED, [record("Succeeded", deployResult)])),
    AlertResolved: await toWire(await postAlert({ ...ALERT_FIRED, data: { ...ALERT_FIRED.data, essentials: { ...ALERT_FIRED.data.essentials, monitorCondition: "Resolved", resolvedDateTime: T1 } } }, [record("Succeeded", deployResult)])),
    AlertDeploymentBusy: await toWire(
      await postAlert(ALERT_FIRED, [{ ...record("Remediating", deployResult, leaseOf(instanceId.remediate(spec.name))), lastOperation: "remediate" }], durableClient({ [instanceId.remediate(spec.name)]: running(instanceId.remediate(spec.name), remediationProgress) })),
    ),
    InvalidAlert: await toWire(await postAlert({ schemaId: "AzureMonitorMetricAlert", data: { status: "Activated" } }, [])),
    HealthDegraded: await toWire(await getHealth(request("GET", `/api/deployments/${spec.name}/health`, undefined, { name: spec.name }), reportsOf([degradedReport()]))),
    HealthChanging: await toWire(
      await getHealth(request("GET", `/api/deployments/${spec.name}/health`, undefined, { name: spec.name }), reportsOf([degradedReport()]), {
        registry: registryOf([record("Rotating", null, leaseOf(rotateId))]),
        client: durableClient({ [rotateId]: running(rotateId) }),
        now: exampleNow,
      }),
    ),
  };
}

/** POST /api/deployments' body: the spec, and beside it the change's allowOutage (start-deployment.ts takes it off before validating). */
function deploymentRequestSchema(): Record<string, unknown> {
  const { $schema: _schema, $id: _id, ...spec } = topologyJsonSchema() as { properties: Record<string, unknown> } & Record<string, unknown>;
  return {
    ...spec,
    title: "Bowtie topology spec, with allowOutage",
    properties: {
      ...spec.properties,
      allowOutage: { type: "boolean", description: "let a change leave some advertised prefix without any path while it is carried out (a 1-NVA replacement); default false: such a change is refused (OutageNotAllowed)" },
    },
  };
}

/** The document with its generated parts refreshed. */
export async function generatedDocument(doc: Record<string, any>): Promise<Record<string, any>> {
  const next = structuredClone(doc);
  next.components.schemas.TopologySpec = topologyJsonSchema();
  next.components.schemas.DeploymentRequest = deploymentRequestSchema();
  next.paths["/api/alerts"].post.requestBody.content["application/json"].example = ALERT_FIRED;
  for (const [name, res] of Object.entries(await exampleResponses())) {
    next.components.examples[name] = { ...next.components.examples[name], value: res.body };
  }
  return next;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const doc = JSON.parse(readFileSync(DOCUMENT_FILE, "utf8")) as Record<string, any>;
  writeFileSync(DOCUMENT_FILE, JSON.stringify(await generatedDocument(doc), null, 2) + "\n");
  console.log(`wrote ${DOCUMENT_FILE}`);
}
