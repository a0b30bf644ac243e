// The prune's delete graph (orchestrations/change/prune-order.ts): an NVA is
// drained before its VM goes, and every reference Azure holds is released
// before what it names is deleted, whatever set of planned resources is
// being removed.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { pruneGraph } from "../../orchestrations/change/prune-order.js";
import type { Change } from "../../shared/changes/what-if.js";
import { NO_IMPACT } from "../../shared/changes/impact.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import type { PlannedResource } from "../../shared/plan/types.js";
import { seedSpec } from "../helpers/seed-spec.js";

const plan = planFromSpec(seedSpec());
const SUB = "00000000-0000-4000-8000-000000000001";
const filled = (id: string) => id.replace("{{subscriptionId}}", SUB);
const deleteOf = (r: PlannedResource, action: Change["action"] = "delete"): Change => ({ id: filled(r.id), type: r.type, name: r.name, action, reason: "test", paths: [], impact: NO_IMPACT });

/** Waves: what may run together, each after the previous one has completed. */
function waves(nodes: PlannedResource[]): string[][] {
  const done = new Set<string>();
  const out: string[][] = [];
  for (let left = nodes; left.length > 0; ) {
    const ready = left.filter((n) => n.dependsOn.every((d) => done.has(d)));
    assert.ok(ready.length > 0, "no cycle");
    ready.forEach((n) => done.add(n.id));
    out.push(ready.map((n) => n.name).sort());
    left = left.filter((n) => !done.has(n.id));
  }
  return out;
}

test("one NVA removed: Route Server peering, then connection, then VM and local network gateway, then NICs, then public IP", () => {
  const nva = plan.resources.filter((r) => /c8k-20|c8k-2-pip/.test(r.name));
  assert.equal(nva.length, 7);
  const { nodes, leftOut } = pruneGraph(
    plan.resources.filter((r) => !nva.includes(r)).map((r) => r.id),
    nva.map((r) => deleteOf(r)),
  );
  assert.deepEqual(leftOut, []);
  assert.deepEqual(waves(nodes), [["bgp-c8k-20"], ["con-c8k-20"], ["c8k-20", "lng-c8k-20"], ["c8k-20-inside-nic", "c8k-20-outside-nic"], ["c8k-2-pip"]]);
  for (const n of nodes) assert.deepEqual(n.body, {}, "a delete sends no body");
});

test("only deletes are acted on; never a resource the plan holds (subscription placeholder or not), nor a type Bowtie has no delete for", () => {
  const vm = plan.resources.find((r) => r.name === "c8k-10")!;
  const pip = plan.resources.find((r) => r.name === "c8k-1-pip")!;
  const disk: Change = { ...deleteOf(vm), id: filled(vm.id).replace("virtualMachines/c8k-10", "disks/c8k-10_OsDisk_1_0"), type: "Microsoft.Compute/disks", name: "c8k-10_OsDisk_1_0" };
  const { nodes, leftOut } = pruneGraph(
    plan.resources.map((r) => r.id),
    [deleteOf(vm), deleteOf(pip, "update"), deleteOf(pip, "none"), disk],
  );
  assert.deepEqual(nodes, []);
  assert.deepEqual(leftOut, [
    { id: filled(vm.id), note: "still in the plan: not deleted" },
    { id: disk.id, note: "no delete path for type Microsoft.Compute/disks: left in place" },
  ]);
});

test("several Route Server peerings go one at a time (Azure takes one operation at a time among a hub's children)", () => {
  const three = planFromSpec(seedSpec((s) => s.nvas.push({ name: "c8k-30", asn: 65002, loopbackIp: "169.254.21.9", gatewayBgpIps: ["169.254.21.10", "169.254.21.14"], outsideIp: "10.10.0.6", insideIp: "10.10.1.6", publicIpName: "c8k-3-pip" })));
  const peerings = three.resources.filter((r) => r.type === "Microsoft.Network/virtualHubs/bgpConnections");
  assert.equal(peerings.length, 3);
  const { nodes } = pruneGraph([], peerings.map((r) => deleteOf(r)));
  assert.deepEqual(waves(nodes), [["bgp-c8k-10"], ["bgp-c8k-20"], ["bgp-c8k-30"]]);
});

// Plan edges whose reference Azure does not hold: the dependent only carries a value read from the other
// (an address in an LNG, NSG rule or day-0 configuration), so deleting them in either order is accepted.
const VALUE_ONLY = new Set([
  "Microsoft.Network/localNetworkGateways -> Microsoft.Network/publicIPAddresses",
  "Microsoft.Network/networkSecurityGroups -> Microsoft.Network/publicIPAddresses",
  "Microsoft.Compute/virtualMachines -> Microsoft.Network/virtualHubs/ipConfigurations",
  "Microsoft.Compute/virtualMachines -> Microsoft.Network/publicIPAddresses",
]);

test("any set of planned resources removed: whatever one depends on at creation (by reference) is deleted only after it", () => {
  fc.assert(
    fc.property(fc.subarray(plan.resources, { minLength: 1 }), (removed) => {
      const ids = new Set(removed.map((r) => r.id));
      const { nodes } = pruneGraph(
        plan.resources.filter((r) => !ids.has(r.id)).map((r) => r.id),
        removed.map((r) => deleteOf(r)),
      );
      const byId = new Map(nodes.map((n) => [n.id, n]));
      const waitsFor = (n: PlannedResource, target: string, seen = new Set<string>()): boolean =>
        n.dependsOn.some((d) => d === target || (!seen.has(d) && (seen.add(d), waitsFor(byId.get(d)!, target, seen))));
      for (const r of removed) {
        for (const dep of r.dependsOn) {
          const d = plan.resources.find((x) => x.id === dep)!;
          if (!ids.has(dep) || VALUE_ONLY.has(`${r.type} -> ${d.type}`)) continue;
          if (r.type === d.type) continue; // siblings (peerings) are chained in list order, checked above
          assert.ok(waitsFor(byId.get(filled(dep))!, filled(r.id)), `${d.name} is deleted only after ${r.name}`);
        }
      }
    }),
    { numRuns: 200 },
  );
});
