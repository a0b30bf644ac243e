// buildFleet spreads a fleet over several subscriptions: each member's
// resources live in its own subscription (so it spends that subscription's
// token buckets), its registry record says which, and Resource Graph scoped
// to a subscription lists that subscription's members only.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { buildFleet, fleetSubscriptions } from "../../emulator/fleet.js";
import { startLocalStack } from "../../emulator/local-stack.js";
import { validateSpec } from "../../shared/spec/validate.js";
import { graphClient } from "../helpers/graph-client.js";

const r = validateSpec(JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8")));
if (!r.ok) throw new Error("seed invalid");
const seed = r.spec;

test("a fleet of 7 over 3 subscriptions: round-robin, registered with their subscription, each visible to Resource Graph in its own", async () => {
  const stack = await startLocalStack();
  try {
    const fleet = await buildFleet(stack, seed, 7, { subscriptions: 3 });
    const subs = fleetSubscriptions(stack.emulator.subscriptionId, 3);
    assert.deepEqual(fleet.map((m) => m.subscriptionId), [0, 1, 2, 0, 1, 2, 0].map((i) => subs[i]));
    const records = await stack.registry.list();
    assert.equal(records.length, 7);
    for (const m of fleet) assert.equal(records.find((x) => x.name === m.name)?.subscriptionId, m.subscriptionId, m.name);
    stack.clock.advanceBy(60_000); // past Resource Graph's lag for the seed's own (deployed) resources
    const graph = graphClient(stack.emulator);
    for (const [i, sub] of subs.entries()) {
      const rows = (await graph.resources({ query: "resources | where type =~ 'microsoft.network/virtualnetworkgateways' | project deployment = tostring(tags['bowtie-deployment']), id | order by deployment asc", subscriptions: [sub] })).data as { deployment: string; id: string }[];
      const expected = fleet.filter((_, j) => j % 3 === i).map((m) => m.name).sort();
      assert.deepEqual(rows.map((x) => x.deployment), expected, `subscription ${sub}`);
      assert.ok(rows.every((x) => x.id.startsWith(`/subscriptions/${sub}/`)));
    }
  } finally {
    await stack.close();
  }
});
