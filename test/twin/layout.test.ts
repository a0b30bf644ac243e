// The twin's layout, without running anything: namespaces and links for the
// seed lab, NVA configurations read from the rendered IOS (not the plan), the
// lines it cannot express listed, swanctl and FRR text as the daemons read it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { planFromSpec } from "../../shared/plan/plan.js";
import { validateSpec } from "../../shared/spec/validate.js";
import { iosCoverage } from "../../twin/ios-coverage.js";
import { twinLayout } from "../../twin/layout.js";
import { installedChildren } from "../../twin/observe.js";
import { swanctlConf } from "../../twin/swanctl.js";

const r = validateSpec(JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8")));
if (!r.ok) throw new Error("seed invalid");
const plan = planFromSpec(r.spec);

test("seed lab: 2 gateway instances, 2 NVAs, 2 Route Server instances, each NVA with one connection per gateway instance", () => {
  const layout = twinLayout(plan, (name) => `psk-of-${name}`);
  assert.deepEqual(layout.routers.map((x) => `${x.kind}:${x.ns}:${x.label}`), [
    "gateway:gw0:client-Vnet-gw instance 0",
    "gateway:gw1:client-Vnet-gw instance 1",
    "nva:nva0:c8k-10",
    "nva:nva1:c8k-20",
    "routeServer:rs0:provider-Vnet-rs 10.10.4.4",
    "routeServer:rs1:provider-Vnet-rs 10.10.4.5",
  ]);
  assert.deepEqual(layout.problems, []);
  const nva = layout.routers.find((x) => x.label === "c8k-10")!;
  assert.deepEqual(nva.links.map((l) => `${l.ifname} ${l.cidr} on ${l.bridge}`), ["gi1 10.10.0.4/24 on out", "gi2 10.10.1.4/24 on in"]);
  assert.deepEqual(nva.loopbacks, ["169.254.21.1/32"]);
  assert.deepEqual(nva.swanctl.map((c) => `${c.name} ${c.localTs}->${c.remoteTs} id ${c.localId}`), ["Tunnel101 169.254.21.1/32->169.254.21.2/32 id 203.0.113.10", "Tunnel102 169.254.21.1/32->169.254.21.6/32 id 203.0.113.10"]);
  // The NVA's BGP comes from its IOS: Route Server neighbors at the twin's router IPs, sourced from GigabitEthernet2.
  assert.match(nva.frr, /neighbor 10\.10\.4\.4 remote-as 65515\n neighbor 10\.10\.4\.4 ebgp-multihop \d+\n neighbor 10\.10\.4\.4 update-source 10\.10\.1\.4/);
  assert.match(layout.nat, /ip daddr 203\.0\.113\.10 dnat to 10\.10\.0\.4/);
  const gw = layout.routers[0]!;
  assert.deepEqual(gw.swanctl.map((c) => `${c.name} ${c.localTs}->${c.remoteTs} psk ${c.psk}`), ["c8k-10 169.254.21.2/32->169.254.21.1/32 psk psk-of-vpn-psk", "c8k-20 169.254.22.2/32->169.254.22.1/32 psk psk-of-vpn-psk"]);
});

test("an NVA's tunnel settings come from its IOS text, not from the plan: a changed IOS line changes the twin", () => {
  const edited = structuredClone(plan);
  edited.nvaConfigs["c8k-20"] = edited.nvaConfigs["c8k-20"]!.replace(" encryption aes-cbc-256", " encryption aes-cbc-128");
  const layout = twinLayout(edited, () => "psk");
  assert.match(layout.routers.find((x) => x.label === "c8k-20")!.swanctl[0]!.ikeProposals[0]!, /^aes128-/);
  assert.match(layout.routers.find((x) => x.label === "c8k-10")!.swanctl[0]!.ikeProposals[0]!, /^aes256-/);
});

test("the IOS lines the twin cannot express are listed, once each with a count", () => {
  const seedLines = iosCoverage(plan.nvaConfigs["c8k-10"]!).notExpressed;
  for (const l of seedLines) assert.ok(l.why.length > 10, JSON.stringify(l));
  const extra = iosCoverage(`${plan.nvaConfigs["c8k-10"]!}\nsnmp-server community public RO\n`).notExpressed;
  assert.deepEqual(extra.find((l) => l.line.startsWith("snmp-server")), { line: "snmp-server community public RO", why: "not translated by the twin", count: 1 });
});

test("swanctl text quotes the PSK; installed children are read from swanctl's raw list", () => {
  const conf = swanctlConf([{ ...twinLayout(plan, () => 'p"s\\k').routers[0]!.swanctl[0]! }]);
  assert.match(conf, /secret = "p\\"s\\\\k"/);
  const raw =
    "list-sa event {c8k-20 {uniqueid=2 version=2 state=ESTABLISHED local-host=198.51.100.10 child-sas {c8k-20-2 {name=c8k-20 state=INSTALLED mode=TUNNEL}}}}\n" +
    "list-sa event {c8k-10 {uniqueid=1 version=2 state=CONNECTING local-host=198.51.100.10 child-sas {}}}\nlist-sas reply {}";
  assert.deepEqual([...installedChildren(raw)], ["c8k-20"]);
});
