// The emulator refuses, as Azure does, to delete or take away what something
// else still uses: the seed lab applied to the ARM engine, then c8k-20's
// resources removed out of order (each refused with Azure's code, naming the
// user, nothing removed) and in order (each accepted). This is why a prune's
// order matters.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { ArmEngine } from "../../emulator/arm/engine.js";
import { staticCredential } from "../../emulator/identity.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import { fillPlaceholders } from "../../shared/plan/placeholders.js";
import { validateSpec } from "../../shared/spec/validate.js";
import { applyPlanInEngine } from "../helpers/plan-in-engine.js";

const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));
const specOf = (raw: unknown) => {
  const r = validateSpec(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.violations));
  return r.spec;
};
const plan = planFromSpec(specOf(seed));
const dropped = planFromSpec(specOf({ ...structuredClone(seed), nvas: seed.nvas.slice(0, 1) }));

let engine: ArmEngine;
let sub: string;
let rg: string;
let authorization: string;

before(async () => {
  ({ engine, subscriptionId: sub, resourceGroup: rg } = await applyPlanInEngine(plan, () => "psk-only-for-this-test-0123456789"));
  authorization = `Bearer ${(await staticCredential().getToken([]))!.token}`;
});

const id = (type: string, name: string) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/${type}/${name}`;
const LNG = () => id("Microsoft.Network/localNetworkGateways", "lng-c8k-20");
const CON = () => id("Microsoft.Network/connections", "con-c8k-20");
const VM = () => id("Microsoft.Compute/virtualMachines", "c8k-20");
const NIC = () => id("Microsoft.Network/networkInterfaces", "c8k-20-outside-nic");
const PIP = () => id("Microsoft.Network/publicIPAddresses", "c8k-2-pip");
const GW = () => id("Microsoft.Network/virtualNetworkGateways", "client-Vnet-gw");

async function call(method: "DELETE" | "PUT", resourceId: string, body?: unknown) {
  const version = resourceId.includes("Microsoft.Compute") ? "2026-04-01" : "2026-01-01";
  const res = await engine.handle({ method, url: new URL(`https://emulator.invalid${resourceId}?api-version=${version}`), headers: { authorization }, body: body === undefined ? "" : JSON.stringify(body) });
  return { status: res.status, error: (res.body as { error?: { code: string; message: string } } | undefined)?.error };
}
/** Every operation in flight completes. */
const settle = () => engine.settle(Number.MAX_SAFE_INTEGER);
const exists = (resourceId: string) => engine.store.get(resourceId) !== undefined;
/** The new plan's gateway body, as apply would send it (the gateway's only placeholder is the subscription). */
const shrunkGateway = () => fillPlaceholders(dropped.resources.find((r) => r.type === "Microsoft.Network/virtualNetworkGateways")!.body, (ref) => (ref.kind === "subscriptionId" ? sub : ref.text));

test("out of order: a local network gateway a connection names, a NIC on a VM, a public IP on a NIC and APIPA addresses a connection uses are refused with Azure's codes, naming the user", async () => {
  const lng = await call("DELETE", LNG());
  assert.equal(lng.status, 400);
  assert.equal(lng.error?.code, "InUseLocalNetworkGatewayCannotBeDeleted");
  assert.ok(lng.error?.message.includes(CON()), lng.error?.message);

  const nic = await call("DELETE", NIC());
  assert.equal(nic.status, 400);
  assert.equal(nic.error?.code, "NicInUse");
  assert.ok(nic.error?.message.includes(VM()), nic.error?.message);

  const pip = await call("DELETE", PIP());
  assert.equal(pip.status, 400);
  assert.equal(pip.error?.code, "PublicIPAddressCannotBeDeleted");
  assert.ok(pip.error?.message.includes(`${NIC()}/ipConfigurations/`), pip.error?.message);

  const gw = await call("PUT", GW(), shrunkGateway());
  assert.equal(gw.status, 400);
  assert.equal(gw.error?.code, "GatewayCustomBgpIpAddressInUse");
  assert.ok(gw.error?.message.includes("169.254.22.2") && gw.error.message.includes(CON()), gw.error?.message);

  for (const r of [LNG(), NIC(), PIP(), CON(), VM()]) assert.ok(exists(r), `${r} still there`);
  const gateway = engine.store.get(GW())!.resource.properties.bgpSettings.bgpPeeringAddresses.flatMap((p: { customBgpIpAddresses: string[] }) => p.customBgpIpAddresses);
  assert.deepEqual(gateway.sort(), ["169.254.21.2", "169.254.21.6", "169.254.22.2", "169.254.22.6"], "the gateway kept its lists");
});

test("in order: connection, then the gateway's lists and the local network gateway; VM, then its NIC (not while the VM is still deleting), then the public IP", async () => {
  assert.equal((await call("DELETE", CON())).status, 202);
  settle();
  assert.ok((await call("PUT", GW(), shrunkGateway())).status < 300, "the APIPA addresses only the deleted connection used can go");
  assert.equal((await call("DELETE", LNG())).status, 202);

  assert.equal((await call("DELETE", VM())).status, 202);
  assert.equal((await call("DELETE", NIC())).error?.code, "NicInUse", "a VM being deleted still holds its NICs");
  settle();
  assert.equal((await call("DELETE", NIC())).status, 202);
  assert.equal((await call("DELETE", PIP())).error?.code, "PublicIPAddressCannotBeDeleted", "a NIC being deleted still holds its public IP");
  settle();
  assert.equal((await call("DELETE", PIP())).status, 202);
  settle();
  for (const r of [LNG(), NIC(), PIP(), CON(), VM()]) assert.ok(!exists(r), `${r} gone`);
  assert.ok(!engine.store.inResourceGroup(rg).some((e) => e.resource.type === "Microsoft.Compute/disks" && /c8k-20/i.test(e.resource.name)), "the OS disk went with the VM (deleteOption Delete)");
});
