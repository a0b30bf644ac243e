// Whose a resource is and what a deployment may do to it: the one judgement
// the apply and delete activities share (DESIGN.md §7).
import { test } from "node:test";
import assert from "node:assert/strict";
import { claimForWrite, mayDelete, ownerOf } from "../../shared/plan/ownership.js";
import { ADOPTED_TAG, OWNERSHIP_TAG, type PlannedResource } from "../../shared/plan/types.js";

const rg = "/subscriptions/00000000-0000-4000-8000-00000000b0b0/resourceGroups/lab-rg/providers";
const vnet: Pick<PlannedResource, "type" | "id"> = { type: "Microsoft.Network/virtualNetworks", id: `${rg}/Microsoft.Network/virtualNetworks/provider-Vnet` };
const pip: Pick<PlannedResource, "type" | "id"> = { type: "Microsoft.Network/publicIPAddresses", id: `${rg}/Microsoft.Network/publicIPAddresses/gw-1-pip` };
const bgp: Pick<PlannedResource, "type" | "id"> = { type: "Microsoft.Network/virtualHubs/bgpConnections", id: `${rg}/Microsoft.Network/virtualHubs/rs/bgpConnections/bgp-c8k-10` };
const adoptedVnet = { ...vnet, adopted: true as const };

test("absent: created; carrying our tag (any spelling of its name): ours", () => {
  assert.deepEqual(claimForWrite("lab", vnet, null), { kind: "create" });
  assert.deepEqual(claimForWrite("lab", vnet, { [OWNERSHIP_TAG]: "lab", team: "x" }), { kind: "owned" });
  assert.deepEqual(claimForWrite("lab", vnet, { "Bowtie-Deployment": "lab" }), { kind: "owned" });
});

test("another deployment's: a conflict naming the resource and that deployment", () => {
  const claim = claimForWrite("second", pip, { [OWNERSHIP_TAG]: "first" });
  assert.equal(claim.kind, "refused");
  if (claim.kind !== "refused") return;
  assert.equal(claim.code, "OwnershipConflict");
  assert.equal(claim.owner, "deployment first");
  assert.match(claim.message, /^publicIPAddresses\/gw-1-pip in resource group lab-rg already exists and belongs to deployment first, not to deployment second/);
});

test("untagged: a conflict that says so and how to proceed (adopt for a VNet or NSG, rename otherwise)", () => {
  const v = claimForWrite("lab", vnet, { team: "dba" });
  assert.ok(v.kind === "refused" && v.owner === "untagged" && /list it in the spec's adopt/.test(v.message), JSON.stringify(v));
  const p = claimForWrite("lab", pip, {});
  assert.ok(p.kind === "refused" && p.owner === "untagged" && /rename Bowtie's resource/.test(p.message), JSON.stringify(p));
});

test("a Route Server child is judged by its hub's tags", () => {
  assert.deepEqual(claimForWrite("lab", bgp, { [OWNERSHIP_TAG]: "lab" }), { kind: "owned" });
  const claim = claimForWrite("lab", bgp, { [OWNERSHIP_TAG]: "other" });
  assert.ok(claim.kind === "refused" && /virtualHubs\/rs\/bgpConnections\/bgp-c8k-10 .*deployment other/.test(claim.message), JSON.stringify(claim));
});

test("adoption: untagged or already ours to adopt is adopted; another deployment's (owned or adopted) never; absent is refused", () => {
  assert.deepEqual(claimForWrite("lab", adoptedVnet, { team: "dba" }), { kind: "adopted" });
  assert.deepEqual(claimForWrite("lab", adoptedVnet, { [ADOPTED_TAG]: "lab" }), { kind: "adopted" });
  const stolen = claimForWrite("lab", adoptedVnet, { [OWNERSHIP_TAG]: "first" });
  assert.ok(stolen.kind === "refused" && stolen.code === "OwnershipConflict" && stolen.owner === "deployment first");
  const twice = claimForWrite("lab", adoptedVnet, { [ADOPTED_TAG]: "first" });
  assert.ok(twice.kind === "refused" && twice.owner === "deployment first (adopted)");
  const missing = claimForWrite("lab", adoptedVnet, null);
  assert.ok(missing.kind === "refused" && missing.code === "AdoptionTargetMissing" && /does not exist/.test(missing.message));
});

test("delete: only what carries our ownership tag; an adopted resource and anything else are left, with why", () => {
  assert.deepEqual(mayDelete("lab", { [OWNERSHIP_TAG]: "lab" }), { delete: true });
  const adopted = mayDelete("lab", { [ADOPTED_TAG]: "lab", team: "dba" });
  assert.ok(!adopted.delete && adopted.adopted && /adopted by lab/.test(adopted.note));
  const adoptedByOther = mayDelete("lab", { [ADOPTED_TAG]: "first" });
  assert.ok(!adoptedByOther.delete && !adoptedByOther.adopted && /owner: deployment first \(adopted\)/.test(adoptedByOther.note));
  const theirs = mayDelete("second", { [OWNERSHIP_TAG]: "first" });
  assert.ok(!theirs.delete && /not owned by second .*owner: deployment first/.test(theirs.note));
  assert.equal(ownerOf(undefined), "untagged");
});
