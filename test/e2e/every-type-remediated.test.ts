// Each managed resource type, deleted and then edited out of band, is found
// by the event path and by the timer path and put back to healthy. One
// deployment serves every case, one change at a time.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import functions from "@azure/functions";
import { BOWTIE_PRINCIPAL } from "../../emulator/identity.js";
import { startLocalStack, type LocalStack } from "../../emulator/local-stack.js";
import { onResourceEvent } from "../../functions/events/on-resource-event.js";
import { runHealthChecks } from "../../functions/timer/health-timer.js";
import { expectChecked } from "../../orchestrations/health/check-health.js";
import { instanceId, ORCHESTRATION } from "../../shared/names.js";
import { validateSpec } from "../../shared/spec/validate.js";

const r = validateSpec(JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8")));
if (!r.ok) throw new Error("seed invalid");
const spec = r.spec;
const context = new functions.InvocationContext({ functionName: "test", logHandler: () => undefined });
const self = { oids: [BOWTIE_PRINCIPAL.oid], appids: [BOWTIE_PRINCIPAL.appid!] };
let stack: LocalStack;
let rg: string;

before(async () => {
  stack = await startLocalStack({ maxRemediationsPerHour: 1000 });
  await stack.seedSecrets(spec);
  await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.deployTopology, { instanceId: instanceId.deploy(spec.name), input: { spec } }));
  rg = `/subscriptions/${stack.emulator.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers`;
});
after(async () => stack.close());

async function healthStatus(): Promise<string> {
  return (expectChecked((await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.checkHealth, { input: { spec, remediate: false } }))).output as never)).report.status;
}

/** [type, resource path under the provider, an out-of-band edit of a property the plan sets] */
const CASES: Array<[string, string, (rg: string) => Record<string, unknown>]> = [
  ["virtual network", "Microsoft.Network/virtualNetworks/provider-Vnet", () => ({ addressSpace: { addressPrefixes: ["10.10.0.0/17"] } })],
  ["public IP", "Microsoft.Network/publicIPAddresses/c8k-2-pip", () => ({ publicIPAllocationMethod: "Dynamic" })],
  ["NSG", "Microsoft.Network/networkSecurityGroups/provider-Vnet-nva-outside-nsg", () => ({ securityRules: [] })],
  ["NIC", "Microsoft.Network/networkInterfaces/c8k-20-inside-nic", () => ({ enableIPForwarding: false })],
  ["gateway", "Microsoft.Network/virtualNetworkGateways/client-Vnet-gw", () => ({ enableBgp: false })],
  ["local network gateway", "Microsoft.Network/localNetworkGateways/lng-c8k-20", () => ({ bgpSettings: { asn: 65099 } })],
  ["connection", "Microsoft.Network/connections/con-c8k-20", () => ({ routingWeight: 99 })],
  ["Route Server", "Microsoft.Network/virtualHubs/provider-Vnet-rs", () => ({ allowBranchToBranchTraffic: true })],
  ["Route Server ipConfiguration", "Microsoft.Network/virtualHubs/provider-Vnet-rs/ipConfigurations/ipconfig1", (rg) => ({ publicIPAddress: { id: `${rg}/Microsoft.Network/publicIPAddresses/gw-1-pip` } })],
  ["Route Server peering", "Microsoft.Network/virtualHubs/provider-Vnet-rs/bgpConnections/bgp-c8k-20", () => ({ peerAsn: 65099 })],
  ["NVA VM", "Microsoft.Compute/virtualMachines/c8k-20", () => ({ hardwareProfile: { vmSize: "Standard_B1s" } })],
];

for (const [what, path, edit] of CASES) {
  for (const change of ["deleted", "edited"] as const) {
    test(`${what} ${change} out of band: found by its event and by the timer, and put back`, async () => {
      const id = `${rg}/${path}`;
      const inject = () => (change === "deleted" ? stack.emulator.outOfBand.delete(id) : stack.emulator.outOfBand.edit(id, edit(rg)));

      // The event path.
      let before = stack.emulator.events.log.length;
      inject();
      const outcomes = await onResourceEvent(stack.emulator.events.log.slice(before), stack.client, context, { registry: stack.registry, self, subscriptions: [stack.emulator.subscriptionId] });
      assert.ok(outcomes.some((o) => o.startsWith("remediating")), outcomes.join("\n"));
      const byEvent = (await stack.host.waitForCompletion(instanceId.remediate(spec.name))).output as { status: string; writes: number };
      assert.equal(byEvent.status, "Succeeded");
      assert.ok(byEvent.writes >= 1);
      assert.equal(await healthStatus(), "healthy");

      // The timer path, with the events left undelivered.
      before = stack.emulator.events.log.length;
      inject();
      stack.clock.advanceBy(5 * 60_000);
      await runHealthChecks(stack.client, context);
      const check = expectChecked((await stack.host.waitForCompletion(instanceId.health(spec.name))).output as never);
      assert.notEqual(check.report.status, "healthy", "the health check noticed");
      assert.equal(check.remediation, "started");
      assert.equal(await healthStatus(), "healthy");
    });
  }
}
