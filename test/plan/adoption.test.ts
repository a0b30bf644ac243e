// Adoption in the plan: only the listed VNet/NSG is marked, carries the
// adoption tag instead of the ownership tag, and the plan says so (JSON and
// the CLI's table), so a reviewer sees what Bowtie will write to.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { planJson } from "../../cli/commands/plan.js";
import { planSummary } from "../../cli/format/plan-summary.js";
import { planFromJson } from "../../shared/plan/plan.js";
import { ADOPTED_TAG, OWNERSHIP_TAG } from "../../shared/plan/types.js";

const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));

test("the listed VNet and NSG are adopted (tagged bowtie-adopted-by, not owned); every other resource is owned as before", () => {
  const plain = planFromJson(seed);
  const plan = planFromJson({
    ...seed,
    adopt: [
      { type: "virtualNetwork", name: "Provider-Vnet" },
      { type: "networkSecurityGroup", name: "provider-Vnet-nva-outside-nsg" },
    ],
  });
  const adopted = plan.resources.filter((r) => r.adopted).map((r) => r.name);
  assert.deepEqual(adopted, ["provider-Vnet", "provider-Vnet-nva-outside-nsg"]);
  for (const r of plan.resources) {
    const tags = r.body.tags as Record<string, string> | undefined;
    if (r.adopted) assert.deepEqual(tags, { lab: "vpn-bgp-apipa", [ADOPTED_TAG]: seed.name });
    else assert.deepEqual(r, plain.resources.find((p) => p.id === r.id), `${r.name} is planned as without adoption`);
    if (r.adopted) assert.equal(tags?.[OWNERSHIP_TAG], undefined);
  }
  assert.deepEqual(plan.topology.adopt.map((a) => a.name), ["Provider-Vnet", "provider-Vnet-nva-outside-nsg"]);
  assert.match(planJson(plan), /"adopted": true/);
  const table = planSummary(plan);
  assert.match(table, /Adopted \(must exist; written merged.*never deleted by teardown\):\n  Microsoft\.Network\/virtualNetworks provider-Vnet\n  Microsoft\.Network\/networkSecurityGroups provider-Vnet-nva-outside-nsg/);
  assert.doesNotMatch(planSummary(plain), /Adopted/);
});
