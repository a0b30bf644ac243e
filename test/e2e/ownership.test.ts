// Never touch what is not ours (DESIGN.md §7), end to end on the emulator
// with the durable driver: a second deployment reusing the first's resource
// names stops at a conflict and changes nothing of the first's; another
// team's untagged VNet and NSG are left alone unless the spec adopts them,
// and adopting keeps their subnet and rule, through deploy and teardown.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import functions from "@azure/functions";
import { applyResource } from "../../activities/apply-resource.js";
import { azureTarget } from "../../activities/azure-target.js";
import { deleteResource } from "../../activities/delete-resource.js";
import { BOWTIE_PRINCIPAL } from "../../emulator/identity.js";
import { onResourceEvent } from "../../functions/events/on-resource-event.js";
import { opsFor } from "../../activities/arm/resource-ops.js";
import { startLocalStack, type LocalStack } from "../../emulator/local-stack.js";
import type { DeployResult } from "../../orchestrations/deploy/deploy-topology.js";
import { expectChecked, type CheckedHealth } from "../../orchestrations/health/check-health.js";
import type { TeardownResult } from "../../orchestrations/teardown/teardown-topology.js";
import { createAzureClients } from "../../shared/azure/clients.js";
import { instanceId, ORCHESTRATION } from "../../shared/names.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import { ADOPTED_TAG, OWNERSHIP_TAG, type PlannedResource } from "../../shared/plan/types.js";
import type { TopologySpec } from "../../shared/spec/schema.js";
import { validateSpec } from "../../shared/spec/validate.js";

const context = new functions.InvocationContext({ functionName: "test", logHandler: () => undefined });
const self = { oids: [BOWTIE_PRINCIPAL.oid], appids: [BOWTIE_PRINCIPAL.appid!] };
const seedJson = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));

function specOf(json: unknown): TopologySpec {
  const r = validateSpec(json);
  if (!r.ok) throw new Error(`invalid spec: ${JSON.stringify(r.violations)}`);
  return r.spec;
}

async function deploy(stack: LocalStack, spec: TopologySpec): Promise<DeployResult> {
  const id = stack.host.start(ORCHESTRATION.deployTopology, { instanceId: instanceId.deploy(spec.name), input: { spec } });
  const status = await stack.host.waitForCompletion(id);
  assert.equal(status.runtimeStatus, "Completed", String(status.output));
  return status.output as DeployResult;
}

async function teardown(stack: LocalStack, spec: TopologySpec): Promise<TeardownResult> {
  const id = stack.host.start(ORCHESTRATION.teardownTopology, { instanceId: instanceId.teardown(spec.name), input: { spec } });
  return (await stack.host.waitForCompletion(id)).output as TeardownResult;
}

async function health(stack: LocalStack, spec: TopologySpec): Promise<CheckedHealth> {
  const id = stack.host.start(ORCHESTRATION.checkHealth, { input: { spec, remediate: false } });
  return expectChecked((await stack.host.waitForCompletion(id)).output as never);
}

/** Each planned resource as Azure holds it now (its etag changes on every write), by id. */
async function snapshot(stack: LocalStack, resources: PlannedResource[]): Promise<Map<string, { etag?: string; tags?: Record<string, string> }>> {
  const out = new Map<string, { etag?: string; tags?: Record<string, string> }>();
  for (const r of resources) {
    const actual = await opsFor(r, stack.emulator.subscriptionId).get(azureTarget());
    out.set(r.id, { etag: actual.etag, tags: actual.tags });
  }
  return out;
}

test("a second deployment reusing the first's names: conflict naming the resource and the first deployment; the first's resources untouched and healthy; the second's teardown deletes none", async () => {
  const first = specOf(seedJson);
  // Named to sort after the first: the registry lists deployments by name, and an event must not go to the last one listed.
  const second = specOf({ ...structuredClone(seedJson), name: "z-second-lab" });
  const stack = await startLocalStack();
  try {
    await stack.seedSecrets(first);
    assert.equal((await deploy(stack, first)).status, "Succeeded");
    const plan = planFromSpec(first);
    const before = await snapshot(stack, plan.resources);
    assert.equal((await health(stack, first)).report.status, "healthy");

    const out = await deploy(stack, second);
    assert.equal(out.status, "Failed");
    assert.equal(out.writes, 0, "nothing of the first deployment was written");
    assert.ok(out.failures.length > 0);
    for (const f of out.failures) {
      assert.equal(f.error.code, "OwnershipConflict", JSON.stringify(f));
      assert.match(f.error.message, new RegExp(`belongs to deployment ${first.name}`));
      assert.ok(f.error.message.includes(f.id.slice(f.id.indexOf("/providers/Microsoft.Network/") + 29)), `the message names the resource: ${f.error.message}`);
    }
    const record = await stack.registry.get(second.name);
    assert.equal(record?.status, "Failed");
    assert.match(record?.reason ?? "", new RegExp(`OwnershipConflict: .*belongs to deployment ${first.name}`));

    assert.deepEqual(await snapshot(stack, plan.resources), before, "every resource of the first: same etag, same ownership tag");
    assert.ok([...before.values()].filter((s) => s.tags).every((s) => s.tags![OWNERSHIP_TAG] === first.name));
    assert.equal((await health(stack, first)).report.status, "healthy");
    const secondHealth = (await health(stack, second)).report;
    assert.equal(secondHealth.status, "degraded", "the second does not own what it names");
    assert.ok(secondHealth.findings.some((f) => f.severity === "critical" && f.path === `tags.${OWNERSHIP_TAG}` && f.actual === first.name));

    // An out-of-band change to one of the first's resources remediates the first, not the second that names it too.
    const before2 = stack.emulator.events.log.length;
    stack.emulator.outOfBand.edit(plan.resources.find((r) => r.type === "Microsoft.Network/localNetworkGateways")!.id.replace("{{subscriptionId}}", stack.emulator.subscriptionId), {});
    const routed = await onResourceEvent(stack.emulator.events.log.slice(before2), stack.client, context, { registry: stack.registry, self, subscriptions: [stack.emulator.subscriptionId] });
    assert.match(routed.join("\n"), new RegExp(`^remediating ${first.name} after`), routed.join("\n"));
    const remediated = (await stack.host.waitForCompletion(instanceId.remediate(first.name))).output as DeployResult;
    assert.equal(remediated.status, "Succeeded");
    assert.equal(remediated.writes, 0, "an edit that changed nothing needs no write");

    const down = await teardown(stack, second);
    assert.equal(down.deletes, 0, JSON.stringify(down));
    assert.equal(down.skipped.length, plan.resources.length);
    assert.ok(down.skipped.every((s) => s.note.includes(`owner: deployment ${first.name}`)), JSON.stringify(down.skipped));
    stack.emulator.settle();
    // Leaving out the OS disks Azure made with the VMs.
    assert.equal(stack.emulator.storeIds().filter((id) => !id.includes("/microsoft.compute/disks/")).length, plan.resources.length, "all 23 of the first's resources are still there");
    assert.equal((await health(stack, first)).report.status, "healthy");
  } finally {
    await stack.close();
  }
});

const RG = seedJson.resourceGroup as string;
const VNET = "provider-Vnet";
const NSG = "provider-Vnet-nva-outside-nsg";

/** Another team's provider-Vnet (with its own subnet prod-db) and NSG (with its own rule), untagged by Bowtie. */
async function foreignNetwork(stack: LocalStack): Promise<void> {
  const { network } = createAzureClients(stack.emulator.azureConfig());
  await network.virtualNetworks
    .createOrUpdate(RG, VNET, {
      location: "swedencentral",
      tags: { team: "dba" },
      addressSpace: { addressPrefixes: ["10.10.0.0/16"] },
      subnets: [{ name: "prod-db", addressPrefix: "10.10.200.0/24" }],
    })
    .pollUntilDone();
  await network.networkSecurityGroups
    .createOrUpdate(RG, NSG, {
      location: "swedencentral",
      tags: { team: "secops" },
      securityRules: [
        {
          name: "secops-deny-all",
          protocol: "*",
          sourceAddressPrefix: "*",
          sourcePortRange: "*",
          destinationAddressPrefix: "*",
          destinationPortRange: "*",
          access: "Deny",
          direction: "Inbound",
          priority: 4096,
        },
      ],
    })
    .pollUntilDone();
}

async function foreignContent(stack: LocalStack) {
  const { network } = createAzureClients(stack.emulator.azureConfig());
  const vnet = await network.virtualNetworks.get(RG, VNET);
  const nsg = await network.networkSecurityGroups.get(RG, NSG);
  return {
    subnets: (vnet.subnets ?? []).map((s) => s.name),
    prodDb: vnet.subnets?.find((s) => s.name === "prod-db")?.addressPrefix,
    rules: (nsg.securityRules ?? []).map((r) => r.name),
    secops: nsg.securityRules?.find((r) => r.name === "secops-deny-all")?.access,
    vnetTags: vnet.tags ?? {},
    nsgTags: nsg.tags ?? {},
    etags: [vnet.etag, nsg.etag],
  };
}

test("another team's untagged VNet and NSG: left untouched and the deploy stops with a conflict; adopted explicitly: deployed, prod-db and secops-deny-all kept, and teardown leaves them", async () => {
  const plain = specOf(seedJson);
  const stack = await startLocalStack();
  try {
    await stack.seedSecrets(plain);
    await foreignNetwork(stack);
    const untouched = await foreignContent(stack);

    const refused = await deploy(stack, plain);
    assert.equal(refused.status, "Failed");
    const conflicts = refused.failures.filter((f) => f.error.code === "OwnershipConflict");
    assert.ok(conflicts.some((f) => f.id.endsWith(`/virtualNetworks/${VNET}`) && /virtualNetworks\/provider-Vnet .*belongs to untagged/.test(f.error.message)), JSON.stringify(refused.failures));
    assert.match(JSON.stringify(refused.failures), /list it in the spec's adopt/);
    assert.deepEqual(await foreignContent(stack), untouched, "not one write to the VNet or the NSG");
    assert.match((await stack.registry.get(plain.name))?.reason ?? "", /OwnershipConflict: .*provider-Vnet.*untagged/);

    const adopting = specOf({
      ...structuredClone(seedJson),
      adopt: [
        { type: "virtualNetwork", name: VNET },
        { type: "networkSecurityGroup", name: NSG },
      ],
    });
    const done = await deploy(stack, adopting);
    assert.equal(done.status, "Succeeded", JSON.stringify(done.failures));
    const merged = await foreignContent(stack);
    assert.deepEqual(merged.subnets.sort(), ["RouteServerSubnet", "inside", "outside", "prod-db", "vm"]);
    assert.equal(merged.prodDb, "10.10.200.0/24");
    assert.deepEqual(merged.rules.sort(), ["allow-esp", "allow-ike-udp-500", "allow-nat-t-udp-4500", "secops-deny-all"]);
    assert.equal(merged.secops, "Deny");
    assert.deepEqual(merged.vnetTags, { team: "dba", lab: "vpn-bgp-apipa", [ADOPTED_TAG]: adopting.name }, "their tag kept; marked adopted, not owned");
    assert.equal(merged.nsgTags.team, "secops");
    assert.equal(merged.nsgTags[OWNERSHIP_TAG], undefined);

    const report = (await health(stack, adopting)).report;
    assert.equal(report.status, "healthy");
    assert.deepEqual(report.findings.filter((f) => f.kind === "drift"), [], "the foreign subnet and rule are not drift");
    assert.equal((await deploy(stack, adopting)).writes, 0, "a re-deploy finds the merged state holds");

    const down = await teardown(stack, adopting);
    assert.equal(down.status, "Succeeded", JSON.stringify(down));
    const notes = down.skipped.map((s) => s.note);
    assert.equal(notes.length, 2, JSON.stringify(down.skipped));
    assert.ok(notes.some((n) => /^adopted, not created by this deployment: left in place.*subnets outside, inside, vm, RouteServerSubnet are still in it/.test(n)), notes.join("\n"));
    assert.ok(notes.some((n) => /security rules allow-ike-udp-500, allow-nat-t-udp-4500, allow-esp are still in it/.test(n)), notes.join("\n"));
    stack.emulator.settle();
    const left = await foreignContent(stack);
    assert.ok(left.subnets.includes("prod-db"));
    assert.ok(left.rules.includes("secops-deny-all"));
    assert.deepEqual([left.vnetTags, left.nsgTags], [{ team: "dba", lab: "vpn-bgp-apipa" }, { team: "secops", lab: "vpn-bgp-apipa" }], "only the adoption mark is taken back");
    const sub = stack.emulator.subscriptionId;
    assert.deepEqual(
      stack.emulator.storeIds().sort(),
      [`/subscriptions/${sub}/resourceGroups/${RG}/providers/Microsoft.Network/networkSecurityGroups/${NSG}`, `/subscriptions/${sub}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/${VNET}`].map((s) => s.toLowerCase()).sort(),
      "everything Bowtie created is gone; the adopted two stay",
    );
  } finally {
    await stack.close();
  }
});

test("a Route Server bgpConnection is owned when its hub is: with the hub now another deployment's, apply refuses it and delete leaves it", async () => {
  const spec = specOf(seedJson);
  const stack = await startLocalStack();
  try {
    await stack.seedSecrets(spec);
    assert.equal((await deploy(stack, spec)).status, "Succeeded");
    const plan = planFromSpec(spec);
    const peering = plan.resources.find((r) => r.type === "Microsoft.Network/virtualHubs/bgpConnections")!;
    const { network } = createAzureClients(stack.emulator.azureConfig());
    await network.virtualHubs.updateTags(RG, plan.topology.routeServer!.name, { tags: { [OWNERSHIP_TAG]: "other-lab" } });

    const applied = await applyResource({ deployment: spec.name, resource: peering, context: { vaultUrl: spec.keyVault.vaultUrl, routeServerName: plan.topology.routeServer!.name } });
    assert.equal(applied.outcome, "failed");
    assert.ok(applied.outcome === "failed" && applied.error.code === "OwnershipConflict" && /virtualHubs\/provider-Vnet-rs\/bgpConnections\/bgp-c8k-10 .*belongs to deployment other-lab/.test(applied.error.message), JSON.stringify(applied));

    const deleted = await deleteResource({ deployment: spec.name, resource: peering });
    assert.deepEqual(deleted, { outcome: "unchanged", note: `not owned by ${spec.name} (tag ${OWNERSHIP_TAG}=other-lab, owner: deployment other-lab); left alone` });
    stack.emulator.settle();
    assert.ok(stack.emulator.storeIds().includes(peering.id.replace("{{subscriptionId}}", stack.emulator.subscriptionId).toLowerCase()));
  } finally {
    await stack.close();
  }
});
