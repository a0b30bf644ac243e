// On the seed lab deployed by Bowtie: the BGP probes answered as Azure does
// (202, then an operation status poll and a result GET, each a read in the
// subscription's bucket), Resource Health for the connections (Available, or
// Unavailable naming a PSK or IKE policy mismatch, never the key itself), and
// a fleet copy in another subscription seen by Resource Graph there.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import https from "node:https";
import { readFileSync } from "node:fs";
import { startLocalStack, type LocalStack } from "../../emulator/local-stack.js";
import { createAzureClients, type AzureClients } from "../../shared/azure/clients.js";
import { ORCHESTRATION } from "../../shared/names.js";
import { validateSpec } from "../../shared/spec/validate.js";
import { graphClient } from "../helpers/graph-client.js";

const r = validateSpec(JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8")));
if (!r.ok) throw new Error("seed invalid");
const spec = r.spec;
let stack: LocalStack;
let azure: AzureClients;
let token: string;

function call(method: string, url: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: any; text: string }> {
  return new Promise((resolve, reject) => {
    const q = https.request(url.startsWith("http") ? url : `${stack.emulator.endpoint}${url}`, { method, ca: stack.emulator.caCertPem, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } }, (res) => {
      let t = "";
      res.on("data", (c) => (t += c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: t ? JSON.parse(t) : null, text: t }));
    });
    q.on("error", reject);
    q.end(method === "POST" ? "{}" : undefined);
  });
}

const base = () => `/subscriptions/${stack.emulator.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers`;
const health = (connection: string) => call("GET", `${base()}/Microsoft.Network/connections/${connection}/providers/Microsoft.ResourceHealth/availabilityStatuses/current?api-version=2025-05-01`);

before(async () => {
  stack = await startLocalStack();
  await stack.seedSecrets(spec);
  const out = (await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.deployTopology, { input: { spec } }))).output as { status: string };
  assert.equal(out.status, "Succeeded");
  stack.clock.advanceBy(600_000);
  azure = createAzureClients(stack.emulator.azureConfig({ [new URL(spec.keyVault.vaultUrl).hostname.split(".")[0]!]: await stack.emulator.vaultUrl(new URL(spec.keyVault.vaultUrl).hostname.split(".")[0]!) }));
  token = (await stack.emulator.credential.getToken("x"))!.token;
});
after(async () => stack.close());

test("a BGP probe is 202 with Location and Azure-AsyncOperation; the SDK's status poll and result GET are reads, charged to the subscription's bucket", async () => {
  const gw = spec.gateway.name;
  const accepted = await call("POST", `${base()}/Microsoft.Network/virtualNetworkGateways/${gw}/getBgpPeerStatus?api-version=2026-01-01`);
  assert.equal(accepted.status, 202);
  assert.match(String(accepted.headers["azure-asyncoperation"]), /\/locations\/swedencentral\/operations\//);
  assert.match(String(accepted.headers.location), /\/locations\/swedencentral\/operationResults\//);
  assert.equal(accepted.text, "", "the result is not in the 202");
  const status = await call("GET", String(accepted.headers["azure-asyncoperation"]));
  assert.deepEqual(status.body, { status: "Succeeded" });
  const result = await call("GET", String(accepted.headers.location));
  assert.equal(result.status, 200);
  assert.equal(result.body.value.length, 4, "four gateway sessions: two NVAs x two instances");

  stack.emulator.faults.enableTokenBuckets();
  try {
    const count = (k: string) => stack.emulator.counters.get(k) ?? 0;
    const before_ = { post: count("POST Microsoft.Network/virtualNetworkGateways/getBgpPeerStatus"), status: count("GET Microsoft.Network/locations/operations"), result: count("GET Microsoft.Network/locations/operationResults"), hub: count("POST Microsoft.Network/virtualHubs/bgpConnections/learnedRoutes") };
    const remaining: string[] = [];
    const peers = await azure.network.virtualNetworkGateways.getBgpPeerStatus(spec.resourceGroup, gw, { onResponse: (res) => remaining.push(String(res.headers.get("x-ms-ratelimit-remaining-subscription-writes"))) });
    assert.equal(peers.value?.length, 4);
    const hub = spec.routeServer!.name!;
    const peering = (await azure.network.virtualHubBgpConnections.list(spec.resourceGroup, hub).next()).value as { name: string };
    const routes = await azure.network.virtualHubBgpConnections.listLearnedRoutes(spec.resourceGroup, hub, peering.name);
    assert.ok(Object.keys(routes).length > 0);
    assert.equal(count("POST Microsoft.Network/virtualNetworkGateways/getBgpPeerStatus") - before_.post, 1);
    assert.equal(count("POST Microsoft.Network/virtualHubs/bgpConnections/learnedRoutes") - before_.hub, 1);
    assert.equal(count("GET Microsoft.Network/locations/operations") - before_.status, 2, "one status poll per probe");
    assert.equal(count("GET Microsoft.Network/locations/operationResults") - before_.result, 2, "one result GET per probe");
    // The polls spend the read bucket: 250 - (list + 2 polls + 2 polls) left.
    const probeAgain = await call("POST", `${base()}/Microsoft.Network/virtualNetworkGateways/${gw}/getLearnedRoutes?api-version=2026-01-01`);
    const poll = await call("GET", String(probeAgain.headers["azure-asyncoperation"]));
    assert.equal(poll.headers["x-ms-ratelimit-remaining-subscription-reads"], String(250 - 6));
  } finally {
    stack.emulator.faults.clear();
  }
});

test("a fleet copy in another subscription: its ids and references name that subscription, and Resource Graph scopes to it", async () => {
  const other = "00000000-0000-4000-8000-000000000007";
  const n = stack.emulator.cloneResourceGroup(spec.resourceGroup, `${spec.resourceGroup}-x`, undefined, { toSubscription: other });
  assert.ok(n > 20);
  const graph = graphClient(stack.emulator);
  const rows = (await graph.resources({ query: "resources | project id, properties", subscriptions: [other] })).data as { id: string; properties: unknown }[];
  assert.equal(rows.length, n);
  assert.ok(rows.every((x) => x.id.startsWith(`/subscriptions/${other}/resourceGroups/${spec.resourceGroup}-x/`)));
  assert.ok(!JSON.stringify(rows).includes(stack.emulator.subscriptionId), "references rewritten too");
  const inOther = createAzureClients({ ...stack.emulator.azureConfig(), subscriptionId: other });
  const gw = await inOther.network.virtualNetworkGateways.get(`${spec.resourceGroup}-x`, spec.gateway.name);
  assert.equal(gw.id, `/subscriptions/${other}/resourceGroups/${spec.resourceGroup}-x/providers/Microsoft.Network/virtualNetworkGateways/${spec.gateway.name}`);
});

test("copies made many at a time are the seed's network under their own ids: the same sessions, all up, and nothing changes when they are next looked at", async () => {
  const seedTimeline = stack.emulator.timeline(spec.resourceGroup);
  const seedState = (kind: string) => new Map<string, string>(seedTimeline.changes.filter((c) => c.kind === kind).map((c) => [c.key.replace(/^.*\/connections\//, "").replace(/^.*\/bgpconnections\//, ""), c.state] as [string, string]));
  const targets = [1, 2, 3].map((i) => ({ to: `${spec.resourceGroup}-copy${i}`, toSubscription: `00000000-0000-4000-8000-00000000000${i}` }));
  stack.emulator.cloneResourceGroups(spec.resourceGroup, targets);
  stack.clock.advanceBy(600_000);
  const seedTunnels = seedState("tunnel");
  for (const t of targets) {
    const timeline = stack.emulator.timeline(t.to);
    const last = new Map<string, string>();
    for (const c of timeline.changes) last.set(`${c.kind}|${c.key.replace(/^.*\/connections\//, "").replace(/^.*\/bgpconnections\//, "")}`, c.state);
    const up = [...last].filter(([, s]) => s === "Connected").length;
    assert.equal(up, last.size, `${t.to}: every session up (${JSON.stringify([...last])})`);
    assert.equal([...last.keys()].filter((k) => k.startsWith("tunnel|")).length, seedTunnels.size, "the seed's tunnels");
    const before_ = timeline.changes.length;
    stack.clock.advanceBy(60_000);
    assert.equal(stack.emulator.timeline(t.to).changes.length, before_, `${t.to}: looking again changes nothing (its primed state is what the model computes)`);
  }
});

test("Resource Health: connections Available; a PSK mismatch and an IKE policy mismatch are Unavailable with the reason, and no key in the answer", async () => {
  const connections = [];
  for await (const c of azure.network.virtualNetworkGatewayConnections.list(spec.resourceGroup)) connections.push(c);
  assert.equal(connections.length, 2);
  for (const c of connections) {
    const h = await health(c.name!);
    assert.equal(h.status, 200);
    assert.equal(h.body.properties.availabilityState, "Available", JSON.stringify(h.body));
    assert.equal(h.body.id, `${c.id}/providers/Microsoft.ResourceHealth/availabilityStatuses/current`);
  }
  const [pskBroken, ikeBroken] = connections.map((c) => c.name!);
  const wrongKey = "Wrong-Key-0123456789abcdef";
  stack.emulator.outOfBand.edit(`${base()}/Microsoft.Network/connections/${pskBroken}`, { sharedKey: wrongKey });
  stack.emulator.outOfBand.edit(`${base()}/Microsoft.Network/connections/${ikeBroken}`, {
    ipsecPolicies: [{ saLifeTimeSeconds: 27000, saDataSizeKilobytes: 102400000, ipsecEncryption: "DES", ipsecIntegrity: "MD5", ikeEncryption: "DES", ikeIntegrity: "MD5", dhGroup: "DHGroup1", pfsGroup: "None" }],
  });
  stack.clock.advanceBy(600_000);

  const psk = await health(pskBroken!);
  assert.equal(psk.body.properties.availabilityState, "Unavailable", JSON.stringify(psk.body));
  assert.equal(psk.body.properties.reasonType, "PreSharedKeyMismatch");
  assert.match(psk.body.properties.summary, /pre-shared key/i);
  assert.ok(!psk.text.includes(wrongKey), "the key itself never appears");
  const ike = await health(ikeBroken!);
  assert.equal(ike.body.properties.availabilityState, "Unavailable", JSON.stringify(ike.body));
  assert.equal(ike.body.properties.reasonType, "IkePolicyMismatch");
  assert.match(ike.body.properties.summary, /IPsec\/IKE/);

  const list = await call("GET", `/subscriptions/${stack.emulator.subscriptionId}/providers/Microsoft.ResourceHealth/availabilityStatuses?api-version=2025-05-01`);
  assert.deepEqual(list.body.value.map((v: any) => v.properties.reasonType).sort(), ["IkePolicyMismatch", "PreSharedKeyMismatch"]);
  assert.ok(!list.text.includes(wrongKey));
  const connectionRows = await graphClient(stack.emulator).resources({ query: `resources | where type =~ 'microsoft.network/connections' and resourceGroup =~ '${spec.resourceGroup}' | project properties` });
  assert.equal(connectionRows.count, 2);
  assert.ok(!JSON.stringify(connectionRows.data).includes(wrongKey) && !JSON.stringify(connectionRows.data).includes("sharedKey"), "Resource Graph rows carry no pre-shared key");
  assert.ok((stack.emulator.counters.get("GET Microsoft.ResourceHealth/availabilityStatuses") ?? 0) >= 4, "Resource Health is read through ARM");

  // The same through Resource Graph's healthresources table.
  const graph = graphClient(stack.emulator);
  const rows = (await graph.resources({ query: `healthresources | where type =~ 'microsoft.resourcehealth/availabilitystatuses' and resourceGroup =~ '${spec.resourceGroup}' | project target = tostring(properties.targetResourceId), state = tostring(properties.availabilityState), reason = tostring(properties.reasonType) | order by reason asc` })).data as { state: string; reason: string }[];
  assert.deepEqual(rows.map((x) => [x.state, x.reason]), [["Unavailable", "IkePolicyMismatch"], ["Unavailable", "PreSharedKeyMismatch"]]);
});
