// REFERENCE-LAB.md lists what the lab's hand-written configs get wrong; each
// test proves the generated configs do not repeat it, for every NVA of every
// test topology.
import { test } from "node:test";
import assert from "node:assert/strict";
import { renderNvaConfigs } from "../../shared/ios/render.js";
import { block, blocks, iosSection, topLines } from "../helpers/ios-blocks.js";
import { testTopologies } from "../helpers/topologies.js";

const all = testTopologies().flatMap(({ label, topo }) =>
  Object.entries(renderNvaConfigs(topo)).map(([nva, text]) => ({ label, topo, nva: topo.nvas.find((n) => n.name === nva)!, ios: iosSection(text) })),
);

test("1: every NVA has a /32 route to each of its gateway peers via a tunnel", () => {
  for (const { ios, nva } of all) {
    for (const peer of nva.gatewayBgpIps) assert.ok(topLines(ios, `ip route ${peer} 255.255.255.255 Tunnel`).length === 1, `${nva.name} → ${peer}`);
  }
});

test("2: no interface the VM does not have; both tunnels sourced from the public-IP interface", () => {
  for (const { ios } of all) {
    assert.ok(!ios.includes("GigabitEthernet3"));
    const sources = blocks(ios).filter((b) => b.head.startsWith("interface Tunnel")).flatMap((b) => b.body.filter((l) => l.startsWith("tunnel source")));
    assert.deepEqual(sources, ["tunnel source GigabitEthernet1", "tunnel source GigabitEthernet1"]);
  }
});

test("3: address and no shutdown never share a line; both NICs are configured explicitly", () => {
  for (const { ios, nva } of all) {
    assert.ok(!ios.split("\n").some((l) => l.includes("ip address") && l.includes("shutdown")));
    assert.ok(block(ios, "interface GigabitEthernet1").body.includes("no shutdown"));
    assert.ok(block(ios, "interface GigabitEthernet2").body.includes("no shutdown"));
    assert.ok(block(ios, "interface GigabitEthernet1").body.some((l) => l.startsWith(`ip address ${nva.outsideIp} `)));
    assert.ok(block(ios, "interface GigabitEthernet2").body.some((l) => l.startsWith(`ip address ${nva.insideIp} `)));
  }
});

test("4: tunnels carry no addresses of their own (no 10.100.x.x), they are unnumbered to Loopback0", () => {
  for (const { ios } of all) {
    assert.ok(!ios.includes("10.100."));
    for (const b of blocks(ios).filter((x) => x.head.startsWith("interface Tunnel"))) {
      assert.ok(b.body.includes("ip unnumbered Loopback0"));
      assert.ok(!b.body.some((l) => l.startsWith("ip address")));
    }
  }
});

test("5: every neighbor is treated alike and tunnel descriptions name the right instance", () => {
  for (const { ios, nva, topo } of all) {
    const bgp = block(ios, `router bgp ${nva.asn}`).body;
    const neighbors = new Set(bgp.filter((l) => l.includes(" remote-as ")).map((l) => l.split(" ")[1]));
    const soft = new Set(bgp.filter((l) => l.endsWith("soft-reconfiguration inbound")).map((l) => l.split(" ")[1]));
    assert.deepEqual([...soft].sort(), [...neighbors].sort());
    for (const inst of topo.gateway.instances) {
      const desc = block(ios, `interface ${nva.tunnelInterfaces[inst.index]}`).body.find((l) => l.startsWith("description"))!;
      assert.match(desc, new RegExp(`instance ${inst.index} \\(${inst.publicIpName}\\), BGP peer ${nva.gatewayBgpIps[inst.index].replace(/\./g, "\\.")}$`));
    }
  }
});

test("6: no literal secret: the PSK is a Key Vault reference and there is no password line", () => {
  for (const { ios } of all) {
    for (const l of ios.split("\n").filter((x) => x.includes("pre-shared-key"))) assert.match(l, /pre-shared-key 0 \{\{secret:[^}]+\}\}$/);
    assert.ok(!/\b(password|secret \d|enable secret)\b/.test(ios));
  }
});

test("7: no hand-filled placeholders remain: every runtime value is an explicit Bowtie placeholder", () => {
  for (const { ios } of all) {
    assert.ok(!/<[A-Za-z ]+>|x\.x\.x\.x|PUBLIC_IP|GW_IP/i.test(ios));
    for (const m of ios.matchAll(/\{\{[^}]*\}\}/g)) assert.match(m[0], /^\{\{(publicIp|routeServerIp|secret):[^}]+\}\}$/);
  }
});
