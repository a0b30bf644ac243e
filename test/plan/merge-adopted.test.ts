// An adopted resource's PUT keeps what Bowtie does not manage, and the same
// merge makes drift blind to it but not to Bowtie's own part.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { compareToDesired } from "../../shared/drift/compare.js";
import { mergeAdopted } from "../../shared/plan/merge-adopted.js";

const existingVnet = () => ({
  id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/provider-Vnet",
  name: "provider-Vnet",
  location: "swedencentral",
  tags: { team: "dba" },
  provisioningState: "Succeeded",
  addressSpace: { addressPrefixes: ["10.10.0.0/16", "10.99.0.0/16"] },
  dhcpOptions: { dnsServers: ["10.99.0.4"] },
  subnets: [
    { name: "prod-db", addressPrefix: "10.10.200.0/24", networkSecurityGroup: { id: "/x/nsg-db" } },
    { name: "inside", addressPrefix: "10.10.9.0/24", routeTable: { id: "/x/rt" } },
  ],
});

const desiredVnet = () => ({
  location: "swedencentral",
  tags: { lab: "l", "bowtie-adopted-by": "lab" },
  addressSpace: { addressPrefixes: ["10.10.0.0/16"] },
  subnets: [
    { name: "outside", addressPrefix: "10.10.0.0/24" },
    { name: "inside", addressPrefix: "10.10.1.0/24" },
  ],
});

test("their subnets, address prefixes, tags and properties are kept; a subnet both name gets Bowtie's prefix over its other settings; Bowtie's new ones are added", () => {
  const merged = mergeAdopted(desiredVnet(), existingVnet());
  assert.deepEqual(merged.subnets, [
    { name: "prod-db", addressPrefix: "10.10.200.0/24", networkSecurityGroup: { id: "/x/nsg-db" } },
    { name: "inside", addressPrefix: "10.10.1.0/24", routeTable: { id: "/x/rt" } },
    { name: "outside", addressPrefix: "10.10.0.0/24" },
  ]);
  assert.deepEqual(merged.addressSpace.addressPrefixes, ["10.10.0.0/16", "10.99.0.0/16"]);
  assert.deepEqual(merged.tags, { team: "dba", lab: "l", "bowtie-adopted-by": "lab" });
  const theirLab = mergeAdopted(desiredVnet(), { ...existingVnet(), tags: { Lab: "theirs", "bowtie-adopted-by": "lab" } });
  assert.deepEqual(theirLab.tags, { Lab: "theirs", "bowtie-adopted-by": "lab" }, "a tag they set keeps their value, whatever its case");
  assert.deepEqual(merged.dhcpOptions, { dnsServers: ["10.99.0.4"] });
});

test("NSG: their security rules stay beside Bowtie's", () => {
  const merged = mergeAdopted(
    { securityRules: [{ name: "allow-esp", protocol: "Esp", priority: 120 }] },
    { securityRules: [{ name: "secops-deny-all", access: "Deny", priority: 4096 }], defaultSecurityRules: [{ name: "DenyAllInBound" }] },
  );
  assert.deepEqual(merged.securityRules.map((r: { name: string }) => r.name), ["secops-deny-all", "allow-esp"]);
  assert.deepEqual(merged.defaultSecurityRules, [{ name: "DenyAllInBound" }]);
});

test("drift of an adopted resource: their content is not drift; a change to Bowtie's part is", () => {
  const applied = mergeAdopted(desiredVnet(), existingVnet());
  assert.deepEqual(compareToDesired(mergeAdopted(desiredVnet(), applied), applied), []);
  const changed = structuredClone(applied);
  changed.subnets.find((s: { name: string }) => s.name === "outside").addressPrefix = "10.10.5.0/24";
  const diffs = compareToDesired(mergeAdopted(desiredVnet(), changed), changed);
  assert.deepEqual(diffs.map((d) => d.path), ["subnets[outside].addressPrefix"]);
  const removed = { ...applied, subnets: applied.subnets.filter((s: { name: string }) => s.name !== "outside") };
  assert.deepEqual(compareToDesired(mergeAdopted(desiredVnet(), removed), removed).map((d) => d.path), ["subnets[outside]"], "Bowtie's own subnet gone is drift");
});

test("property: whatever foreign subnets exist, each survives the merge unchanged and every planned subnet is present", () => {
  const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
  fc.assert(
    fc.property(fc.uniqueArray(name, { maxLength: 6 }), (names) => {
      const foreign = names.filter((n) => n !== "outside" && n !== "inside").map((n, i) => ({ name: n, addressPrefix: `10.20.${i}.0/24`, extra: n }));
      const merged = mergeAdopted(desiredVnet(), { subnets: foreign });
      for (const f of foreign) assert.deepEqual(merged.subnets.find((s: { name: string }) => s.name === f.name), f);
      for (const d of desiredVnet().subnets) assert.ok(merged.subnets.some((s: { name: string }) => s.name === d.name));
    }),
  );
});
