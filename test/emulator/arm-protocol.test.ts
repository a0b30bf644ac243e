// The emulator's ARM protocol, through the real SDK clients over HTTPS.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import https from "node:https";
import type { Emulator } from "../../emulator/index.js";
import type { ArmEvent } from "../../emulator/events.js";
import type { AzureClients } from "../../shared/azure/clients.js";
import { armError, emulatorWithClients, LOCATION, RG, subnetId, vnetModel } from "../helpers/emulator-clients.js";

let emulator: Emulator;
let clients: AzureClients;
const events: ArmEvent[] = [];

before(async () => {
  ({ emulator, clients } = await emulatorWithClients());
  emulator.events.subscribe((e) => events.push(e));
});
after(async () => emulator.close());

test("create polls to Succeeded, read, list and delete through the SDK; a missing resource is ARM's 404", async () => {
  const created = await clients.network.virtualNetworks.createOrUpdate(RG, "vnet-a", vnetModel());
  assert.equal(created.provisioningState, "Succeeded");
  assert.ok(created.resourceGuid);
  assert.equal(created.subnets?.[0]?.id, subnetId(emulator.subscriptionId, "vnet-a", "default"));
  const pip = await clients.network.publicIPAddresses.createOrUpdate(RG, "pip-a", { location: LOCATION, sku: { name: "Standard" }, publicIPAllocationMethod: "Static" });
  assert.match(pip.ipAddress ?? "", /^(198\.51\.100|203\.0\.113)\./, "static address allocated at creation");
  const listed = [];
  for await (const v of clients.network.virtualNetworks.list(RG)) listed.push(v.name);
  assert.deepEqual(listed, ["vnet-a"]);
  await clients.network.publicIPAddresses.delete(RG, "pip-a");
  const e = await armError(clients.network.publicIPAddresses.get(RG, "pip-a"));
  assert.equal(e.statusCode, 404);
  assert.equal(e.code, "ResourceNotFound");
});

test("a second write to a gateway still provisioning is refused with 409 AnotherOperationInProgress", async () => {
  await clients.network.virtualNetworks.createOrUpdate(RG, "vnet-gw", vnetModel("10.60.0.0/16", [["GatewaySubnet", "10.60.3.0/27"]]));
  const pips = await Promise.all([0, 1].map((i) => clients.network.publicIPAddresses.createOrUpdate(RG, `gw-pip-${i}`, { location: LOCATION, sku: { name: "Standard" }, publicIPAllocationMethod: "Static" })));
  const gwId = `/subscriptions/${emulator.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworkGateways/gw`;
  const gateway = {
    location: LOCATION,
    gatewayType: "Vpn",
    vpnType: "RouteBased",
    active: true,
    enableBgp: true,
    sku: { name: "VpnGw1AZ", tier: "VpnGw1AZ" },
    ipConfigurations: [0, 1].map((i) => ({ name: `ipc${i}`, subnet: { id: subnetId(emulator.subscriptionId, "vnet-gw", "GatewaySubnet") }, publicIPAddress: { id: pips[i]!.id } })),
    bgpSettings: { asn: 65001, bgpPeeringAddresses: [0, 1].map((i) => ({ ipconfigurationId: `${gwId}/ipConfigurations/ipc${i}`, customBgpIpAddresses: [`169.254.21.${2 + 4 * i}`] })) },
  };
  await clients.network.virtualNetworkGateways.createOrUpdate(RG, "gw", gateway as never).submitted();
  const e = await armError(clients.network.virtualNetworkGateways.createOrUpdate(RG, "gw", gateway as never).submitted());
  assert.equal(e.statusCode, 409);
  assert.equal(e.code, "AnotherOperationInProgress");

  const outOfRange = structuredClone(gateway);
  outOfRange.bgpSettings.bgpPeeringAddresses[0]!.customBgpIpAddresses = ["169.254.30.2"];
  const bad = await armError(clients.network.virtualNetworkGateways.createOrUpdate(RG, "gw-bad", outOfRange as never).submitted());
  assert.equal(bad.statusCode, 400);
  assert.match(bad.message, /169\.254\.21\.0 to 169\.254\.22\.255/);
});

test("Route Server peerings must be created one at a time (409 while a sibling provisions)", async () => {
  await clients.network.virtualHubs.createOrUpdate(RG, "rs", { location: LOCATION, sku: "Standard" });
  await clients.network.virtualHubBgpConnection.createOrUpdate(RG, "rs", "peer-1", { peerIp: "10.10.1.4", peerAsn: 65002 }).submitted();
  const e = await armError(clients.network.virtualHubBgpConnection.createOrUpdate(RG, "rs", "peer-2", { peerIp: "10.10.1.5", peerAsn: 65002 }).submitted());
  assert.equal(e.code, "AnotherOperationInProgress");
});

test("references to missing resources and NIC addresses outside their subnet are 400s", async () => {
  const missing = await armError(
    clients.network.networkInterfaces.createOrUpdate(RG, "nic-x", {
      location: LOCATION,
      ipConfigurations: [{ name: "ipconfig1", subnet: { id: subnetId(emulator.subscriptionId, "no-such-vnet", "s") }, privateIPAllocationMethod: "Static", privateIPAddress: "10.1.0.4" }],
    }).submitted(),
  );
  assert.equal(missing.code, "InvalidResourceReference");
  const outside = await armError(
    clients.network.networkInterfaces.createOrUpdate(RG, "nic-y", {
      location: LOCATION,
      ipConfigurations: [{ name: "ipconfig1", subnet: { id: subnetId(emulator.subscriptionId, "vnet-a", "default") }, privateIPAllocationMethod: "Static", privateIPAddress: "10.99.0.4" }],
    }).submitted(),
  );
  assert.equal(outside.code, "PrivateIPAddressNotInSubnet");
});

test("a subnet in use cannot be removed from its VNet", async () => {
  await clients.network.networkInterfaces.createOrUpdate(RG, "nic-a", {
    location: LOCATION,
    ipConfigurations: [{ name: "ipconfig1", subnet: { id: subnetId(emulator.subscriptionId, "vnet-a", "default") }, privateIPAllocationMethod: "Static", privateIPAddress: "10.50.0.10" }],
  });
  const e = await armError(clients.network.virtualNetworks.createOrUpdate(RG, "vnet-a", vnetModel("10.50.0.0/16", [["other", "10.50.1.0/24"]])).submitted());
  assert.equal(e.code, "InUseSubnetCannotBeDeleted");
});

test("throttling: a 429 with Retry-After is retried by the SDK's own policy", async () => {
  emulator.faults.inject({ method: "GET", type: "Microsoft.Network/virtualNetworks", name: "vnet-a" }, { kind: "throttle", retryAfterSeconds: 1 });
  const before = emulator.counters.get("GET Microsoft.Network/virtualNetworks") ?? 0;
  const v = await clients.network.virtualNetworks.get(RG, "vnet-a");
  assert.equal(v.name, "vnet-a");
  assert.equal(emulator.counters.get("GET Microsoft.Network/virtualNetworks")! - before, 2, "one throttled GET, one retried GET");
});

test("provisioning that ends Failed fails the SDK poller with the error code", async () => {
  emulator.faults.inject({ type: "Microsoft.Network/localNetworkGateways", name: "lng-f" }, { kind: "failProvisioning", code: "InternalServerError", message: "injected" });
  // The SDK's poller reports a failed operation as an Error carrying ARM's code and message.
  await assert.rejects(
    clients.network.localNetworkGateways.createOrUpdate(RG, "lng-f", { location: LOCATION, gatewayIpAddress: "198.51.100.200", localNetworkAddressSpace: { addressPrefixes: [] } }),
    /long-running operation has failed.*InternalServerError.*injected/,
  );
});

test("events: Bowtie's writes carry its principal; out-of-band edits and deletes carry a person's", async () => {
  const vnet = await clients.network.virtualNetworks.get(RG, "vnet-a");
  const own = events.find((e) => e.subject === vnet.id && e.eventType === "Microsoft.Resources.ResourceWriteSuccess")!;
  assert.equal(own.data.operationName, "Microsoft.Network/virtualNetworks/write");
  assert.ok(own.data.claims.appid, "a service principal wrote it");
  const lngId = `/subscriptions/${emulator.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Network/localNetworkGateways/lng-o`;
  await clients.network.localNetworkGateways.createOrUpdate(RG, "lng-o", { location: LOCATION, gatewayIpAddress: "198.51.100.201", localNetworkAddressSpace: { addressPrefixes: [] } });
  emulator.outOfBand.edit(lngId, { gatewayIpAddress: "198.51.100.202" });
  emulator.outOfBand.delete(lngId);
  const oob = events.filter((e) => e.subject === lngId).slice(-2);
  assert.deepEqual(oob.map((e) => e.data.operationName), ["Microsoft.Network/localNetworkGateways/write", "Microsoft.Network/localNetworkGateways/delete"]);
  for (const e of oob) {
    assert.equal(e.data.claims.appid, undefined);
    assert.match(e.data.claims["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn"] ?? "", /@/);
  }
  assert.equal((await armError(clients.network.localNetworkGateways.get(RG, "lng-o"))).statusCode, 404);
});

test("without a bearer token ARM answers 401; without an api-version, 400", async () => {
  const get = (path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      https.get(`${emulator.endpoint}${path}`, { ca: emulator.caCertPem, headers }, (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode!, body: JSON.parse(text || "null") }));
      }).on("error", reject);
    });
  const path = `/subscriptions/${emulator.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/vnet-a`;
  const anonymous = await get(`${path}?api-version=2026-01-01`);
  assert.equal(anonymous.status, 401);
  assert.equal(anonymous.body.error.code, "AuthenticationFailed");
  const token = (await emulator.credential.getToken("https://management.azure.com/.default"))!.token;
  const noVersion = await get(path, { authorization: `Bearer ${token}` });
  assert.equal(noVersion.status, 400);
  assert.equal(noVersion.body.error.code, "MissingApiVersionParameter");
});
