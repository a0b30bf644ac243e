import { test } from "node:test";
import assert from "node:assert/strict";
import { compareToDesired } from "../../shared/drift/compare.js";

const gwIpConfig0 = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworkGateways/gw/ipConfigurations/vnetgwconfig";
const desiredGateway = {
  location: "swedencentral",
  tags: { "bowtie-deployment": "lab" },
  properties: {
    activeActive: true,
    bgpSettings: {
      asn: 65001,
      bgpPeeringAddresses: [{ ipconfigurationId: gwIpConfig0, customBgpIpAddresses: ["169.254.21.2", "169.254.22.2"] }],
    },
  },
};

// What a GET returns: read-only fields added, ids in another case, lists reordered.
const actualGateway = {
  id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworkGateways/gw",
  location: "SwedenCentral",
  etag: 'W/"1"',
  tags: { "bowtie-deployment": "lab", other: "x" },
  properties: {
    provisioningState: "Succeeded",
    activeActive: true,
    bgpSettings: {
      asn: 65001,
      bgpPeeringAddress: "10.0.3.4,10.0.3.5",
      bgpPeeringAddresses: [
        {
          ipconfigurationId: gwIpConfig0.toUpperCase(),
          customBgpIpAddresses: ["169.254.22.2", "169.254.21.2"],
          defaultBgpIpAddresses: ["10.0.3.4"],
          tunnelIpAddresses: ["198.51.100.4"],
        },
      ],
    },
  },
};

test("read-only additions, id/location case and list order are not drift", () => {
  assert.deepEqual(compareToDesired(desiredGateway, actualGateway), []);
});

test("an edited custom APIPA address is reported at its path", () => {
  const edited = structuredClone(actualGateway);
  edited.properties.bgpSettings.bgpPeeringAddresses[0]!.customBgpIpAddresses = ["169.254.21.99", "169.254.22.2"];
  const diffs = compareToDesired(desiredGateway, edited);
  assert.equal(diffs.length, 1);
  assert.match(diffs[0]!.path, /^properties\.bgpSettings\.bgpPeeringAddresses\[.*vnetgwconfig\]\.customBgpIpAddresses$/i);
  assert.deepEqual(diffs[0]!.actual, ["169.254.21.99", "169.254.22.2"]);
});

test("a flipped boolean and a missing property are drift", () => {
  const edited = structuredClone(actualGateway) as Record<string, any>;
  edited.properties.activeActive = false;
  delete edited.properties.bgpSettings.asn;
  const paths = compareToDesired(desiredGateway, edited).map((d) => d.path).sort();
  assert.deepEqual(paths, ["properties.activeActive", "properties.bgpSettings.asn"]);
});

test("named lists are matched by name; extra and missing members are both drift", () => {
  const desired = { properties: { securityRules: [{ name: "ike", properties: { destinationPortRange: "500" } }] } };
  const actual = {
    properties: {
      securityRules: [
        { name: "allow-all", properties: { destinationPortRange: "*" } },
        { name: "ike", properties: { destinationPortRange: "500", provisioningState: "Succeeded" } },
      ],
    },
  };
  assert.deepEqual(compareToDesired(desired, actual).map((d) => d.path), ["properties.securityRules[allow-all]"]);
  assert.deepEqual(compareToDesired(desired, { properties: { securityRules: [] } }).map((d) => d.path), ["properties.securityRules[ike]"]);
});

test("write-only properties are not compared from a read", () => {
  const desired = { properties: { osProfile: { computerName: "c8k-10", customData: "Q09ORklH" }, sharedKey: "{{secret:x}}" } };
  const actual = { properties: { osProfile: { computerName: "c8k-10" } } };
  assert.deepEqual(compareToDesired(desired, actual), []);
});

test("write-only properties are skipped in the SDK's flattened models too", () => {
  const desired = { osProfile: { computerName: "c8k-10", customData: "Q09ORklH" }, sharedKey: "k" };
  assert.deepEqual(compareToDesired(desired, { osProfile: { computerName: "c8k-10" } }), []);
  assert.equal(compareToDesired(desired, { osProfile: { computerName: "c8k-11" } }).length, 1);
});
