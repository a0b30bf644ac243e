// Drift detection against an emulator-shaped inventory of the seed lab.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { detectDrift, type Inventory } from "../../shared/health/drift.js";
import { toSdkModel } from "../../shared/plan/arm/sdk-models.js";
import { fillPlaceholders } from "../../shared/plan/placeholders.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import { validateSpec } from "../../shared/spec/validate.js";

const SUB = "00000000-0000-4000-8000-000000000001";
const r = validateSpec(JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8")));
if (!r.ok) throw new Error("seed invalid");
const plan = planFromSpec(r.spec);

/** The inventory a healthy deployment would show: every planned body, filled, plus what ARM adds. */
function healthyInventory(): Inventory {
  const ips: Record<string, string> = {};
  let n = 4;
  const inv: Inventory = new Map();
  for (const res of plan.resources) {
    if (res.type === "Microsoft.Network/publicIPAddresses") ips[res.name] = `198.51.100.${n++}`;
  }
  for (const res of plan.resources) {
    const body = fillPlaceholders(res.body, (p) => (p.kind === "publicIp" ? ips[p.arg]! : p.kind === "routeServerIp" ? `10.10.4.${4 + Number(p.arg)}` : p.kind === "subscriptionId" ? SUB : "secret-or-data")) as any;
    const props = { ...(body.properties ?? {}), provisioningState: "Succeeded", resourceGuid: "g" };
    delete props.sharedKey;
    if (res.type === "Microsoft.Network/publicIPAddresses") props.ipAddress = ips[res.name];
    if (res.type === "Microsoft.Network/virtualHubs") props.virtualRouterIps = ["10.10.4.4", "10.10.4.5"];
    inv.set(res.id.replace("{{subscriptionId}}", SUB).toLowerCase(), { ...toSdkModel({ type: res.type, body: { ...body, properties: props } }), name: res.name, type: res.type });
  }
  return inv;
}

test("a deployment that matches its plan has no findings", () => {
  assert.deepEqual(detectDrift(plan, healthyInventory(), SUB), []);
});

test("an edited custom APIPA address, a deleted connection and a tag change are found, with severities", () => {
  const inv = healthyInventory();
  const gw = [...inv.values()].find((x) => x.type === "Microsoft.Network/virtualNetworkGateways")!;
  gw.bgpSettings.bgpPeeringAddresses[0].customBgpIpAddresses = ["169.254.21.99", "169.254.22.2"];
  const con = [...inv.entries()].find(([, x]) => x.name === "con-c8k-20")!;
  inv.delete(con[0]);
  const lng = [...inv.values()].find((x) => x.name === "lng-c8k-10")!;
  lng.tags = { ...lng.tags, "bowtie-deployment": "someone-else" };
  const findings = detectDrift(plan, inv, SUB);
  assert.deepEqual(
    findings.map((f) => [f.kind, f.severity, f.resource.split("/").pop(), f.path?.replace(/\[.*\]/, "[]")]),
    // In plan order: gateway, local network gateways, ..., connections.
    [
      ["drift", "critical", "client-Vnet-gw", "bgpSettings.bgpPeeringAddresses[].customBgpIpAddresses"],
      // A tag is cosmetic, but not the one that says whose the resource is.
      ["drift", "critical", "lng-c8k-10", "tags.bowtie-deployment"],
      ["missing", "critical", "con-c8k-20", undefined],
    ],
  );
});

test("other tags are cosmetic: a changed user tag is a warning", () => {
  const inv = healthyInventory();
  const lng = [...inv.values()].find((x) => x.name === "lng-c8k-10")!;
  lng.tags = { ...lng.tags, lab: "renamed" };
  assert.deepEqual(detectDrift(plan, inv, SUB).map((f) => [f.severity, f.path]), [["warning", "tags.lab"]]);
});

test("an NSG rule opened out of band and a changed LNG address are drift; a Failed resource is reported", () => {
  const inv = healthyInventory();
  const nsg = [...inv.values()].find((x) => x.type === "Microsoft.Network/networkSecurityGroups")!;
  nsg.securityRules.push({ name: "allow-any", access: "Allow", priority: 90 });
  const lng = [...inv.values()].find((x) => x.name === "lng-c8k-20")!;
  lng.gatewayIpAddress = "203.0.113.66";
  const vm = [...inv.values()].find((x) => x.name === "c8k-10")!;
  vm.provisioningState = "Failed";
  const kinds = detectDrift(plan, inv, SUB).map((f) => `${f.kind}:${f.resource.split("/").pop()}:${f.path ?? ""}`);
  assert.ok(kinds.includes("drift:provider-Vnet-nva-outside-nsg:securityRules[allow-any]"), kinds.join("\n"));
  assert.ok(kinds.includes("drift:lng-c8k-20:gatewayIpAddress"));
  assert.ok(kinds.includes("failed:c8k-10:"));
});
