// toSdkModel against the SDKs' own (de)serializers. Those are not exported
// (see shared/plan/arm/sdk-models.ts), so this test, and only this test,
// loads them by file path, which bypasses the package's exports map.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { desiredResources } from "../../shared/plan/arm/index.js";
import { toSdkModel } from "../../shared/plan/arm/sdk-models.js";
import type { ResourceType } from "../../shared/plan/types.js";
import { testTopologies } from "../helpers/topologies.js";

const require = createRequire(import.meta.url);
async function privateModels(pkg: string, sub: string): Promise<Record<string, (x: unknown) => any>> {
  const dir = dirname(require.resolve(`${pkg}/package.json`));
  return import(pathToFileURL(join(dir, "dist", "esm", "models", sub, "models.js")).href);
}

const common = await privateModels("@azure/arm-network", "common");
const network = await privateModels("@azure/arm-network", "network");
const compute = await privateModels("@azure/arm-compute", "compute");

const CODEC: Record<ResourceType, [Record<string, (x: unknown) => any>, string]> = {
  "Microsoft.Network/virtualNetworks": [common, "virtualNetwork"],
  "Microsoft.Network/publicIPAddresses": [common, "publicIPAddress"],
  "Microsoft.Network/networkSecurityGroups": [common, "networkSecurityGroup"],
  "Microsoft.Network/networkInterfaces": [common, "networkInterface"],
  "Microsoft.Network/virtualNetworkGateways": [network, "virtualNetworkGateway"],
  "Microsoft.Network/localNetworkGateways": [network, "localNetworkGateway"],
  "Microsoft.Network/connections": [network, "virtualNetworkGatewayConnection"],
  "Microsoft.Network/virtualHubs": [network, "virtualHub"],
  "Microsoft.Network/virtualHubs/ipConfigurations": [network, "hubIpConfiguration"],
  "Microsoft.Network/virtualHubs/bgpConnections": [network, "bgpConnection"],
  "Microsoft.Compute/virtualMachines": [compute, "virtualMachine"],
};

function codec(type: ResourceType) {
  const [mod, name] = CODEC[type];
  const serialize = mod[`${name}Serializer`];
  const deserialize = mod[`${name}Deserializer`];
  assert.ok(serialize && deserialize, `no (de)serializer for ${name}`);
  return { serialize, deserialize };
}

/** What JSON.stringify puts on the wire: undefined members vanish. */
const wire = (x: unknown) => JSON.parse(JSON.stringify(x));

for (const { label, topo } of testTopologies()) {
  test(`${label}: wire -> SDK model -> wire is lossless, and toSdkModel matches the SDK deserializer`, () => {
    for (const r of desiredResources(topo)) {
      const { serialize, deserialize } = codec(r.type);
      const model = deserialize(r.body);
      assert.deepEqual(wire(serialize(model)), r.body, `${r.id}: SDK round trip`);
      assert.deepEqual(wire(toSdkModel(r)), wire(model), `${r.id}: toSdkModel`);
      assert.deepEqual(wire(serialize(toSdkModel(r))), r.body, `${r.id}: serializer(toSdkModel)`);
    }
  });
}

test("the models really are flat: no `properties` survives, VNG activeActive is `active`", () => {
  const rs = desiredResources(testTopologies()[0]!.topo);
  for (const r of rs) assert.ok(!JSON.stringify(toSdkModel(r)).includes('"properties"'), r.id);
  const gw = toSdkModel(rs.find((r) => r.type === "Microsoft.Network/virtualNetworkGateways")!);
  assert.equal(gw.active, true);
  assert.equal(gw.activeActive, undefined);
  // And the SDK really drops an unknown wire key: why toSdkModel must not guess.
  const { serialize, deserialize } = codec("Microsoft.Network/virtualNetworkGateways");
  const withTypo = { location: "x", properties: { activeActve: true } };
  assert.deepEqual(wire(serialize(deserialize(withTypo))), { location: "x", properties: {} });
});
