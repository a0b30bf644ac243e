// The lines the device audit (NVA-FACTS F1, F2, F5-F8, F10, F11) asked for,
// on every test topology, and what the emulator's own IOS reader makes of
// them: nothing rejected, nothing left unread, even with 80-character Azure
// names.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parseIosConfig } from "../../emulator/network/ios/parse.js";
import { NEIGHBOR_DESCRIPTION_MAX, INTERFACE_DESCRIPTION_MAX } from "../../shared/ios/descriptions.js";
import { renderNvaConfig } from "../../shared/ios/render.js";
import { fillText, placeholder } from "../../shared/plan/placeholders.js";
import { resolveTopology } from "../../shared/plan/topology.js";
import { topologySpecSchema } from "../../shared/spec/schema.js";
import { validateSpec } from "../../shared/spec/validate.js";
import { block, iosSection, topLines } from "../helpers/ios-blocks.js";
import { testTopologies } from "../helpers/topologies.js";

const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));
const filled = (text: string) => fillText(text, (p) => (p.kind === "secret" ? "Lab-Psk" : p.kind === "routeServerIp" ? `10.10.4.${4 + Number(p.arg)}` : "192.0.2.1"));

for (const { label, topo } of testTopologies()) {
  test(`${label}: DNS, tunnel MTU, multipath, multihop 2, fall-over and per-peer outbound route-maps`, () => {
    for (const nva of topo.nvas) {
      const ios = iosSection(renderNvaConfig(topo, nva.name));
      assert.ok(topLines(ios, "ip name-server").includes("ip name-server 168.63.129.16"));
      for (const t of nva.tunnelInterfaces) assert.ok(block(ios, `interface ${t}`).body.includes("ip mtu 1400"), `${nva.name} ${t}`);
      const bgp = block(ios, `router bgp ${nva.asn}`).body;
      assert.ok(bgp.includes("maximum-paths 2"));
      const neighbors = bgp.filter((l) => l.includes(" remote-as ")).map((l) => l.split(" ")[1]!);
      for (const n of neighbors) assert.ok(bgp.includes(`neighbor ${n} ebgp-multihop 2`), n);
      assert.ok(!bgp.some((l) => l.includes("ebgp-multihop 255")));
      for (const peer of nva.gatewayBgpIps) {
        assert.ok(bgp.includes(`neighbor ${peer} fall-over route-map RM-BGP-PEER-HOST`));
        assert.ok(bgp.includes(`neighbor ${peer} route-map RM-TO-GATEWAY out`));
      }
      assert.deepEqual(
        topLines(ios, "ip prefix-list PL-TO-GATEWAY"),
        topo.advertise.provider.map((p, i) => `ip prefix-list PL-TO-GATEWAY seq ${(i + 1) * 5} permit ${p}`),
      );
      assert.deepEqual(topLines(ios, "ip prefix-list PL-HOST-ROUTES"), ["ip prefix-list PL-HOST-ROUTES seq 5 permit 0.0.0.0/0 ge 32"]);
      if (topo.routeServer) {
        for (const i of [0, 1] as const) {
          const rs = placeholder.routeServerIp(i);
          assert.ok(bgp.includes(`neighbor ${rs} route-map RM-TO-ROUTESERVER out`));
          assert.ok(!bgp.some((l) => l.startsWith(`neighbor ${rs} fall-over`)), "Route Server is reached over the inside subnet, not a tunnel");
        }
        assert.deepEqual(
          topLines(ios, "ip prefix-list PL-TO-ROUTESERVER"),
          topo.advertise.client.map((p, i) => `ip prefix-list PL-TO-ROUTESERVER seq ${(i + 1) * 5} permit ${p}`),
        );
      } else {
        assert.ok(!ios.includes("ROUTESERVER"), "no Route Server policy without Route Server");
      }
      const read = parseIosConfig(filled(ios));
      assert.deepEqual(read.rejected, []);
    }
  });
}

test("F10: with 80-character Azure names every description stays within IOS's limits, and the reader takes every line", () => {
  const long = (tag: string) => `${tag}-${"x".repeat(80 - tag.length - 1)}`;
  const spec = structuredClone(seed);
  spec.gateway.name = long("gw");
  spec.gateway.instances[0].publicIpName = long("gwpip0");
  spec.gateway.instances[1].publicIpName = long("gwpip1");
  spec.routeServer.name = long("rs");
  spec.providerVnet.outsideSubnet.name = long("outside");
  spec.nvas[0].publicIpName = long("nvapip");
  const r = validateSpec(spec);
  assert.ok(r.ok, JSON.stringify(r));
  const topo = resolveTopology(topologySpecSchema.parse(spec));
  const ios = iosSection(renderNvaConfig(topo, "c8k-10"));
  const neighborDescriptions = ios.split("\n").filter((l) => / neighbor \S+ description /.test(l)).map((l) => l.replace(/^ neighbor \S+ description /, ""));
  const interfaceDescriptions = ios.split("\n").filter((l) => /^ description /.test(l)).map((l) => l.slice(" description ".length));
  assert.equal(neighborDescriptions.length, 4);
  for (const d of neighborDescriptions) assert.ok(d.length <= NEIGHBOR_DESCRIPTION_MAX, `${d.length}: ${d}`);
  for (const d of interfaceDescriptions) assert.ok(d.length <= INTERFACE_DESCRIPTION_MAX, `${d.length}: ${d}`);
  // The name is what gets cut: the instance and tunnel stay readable.
  assert.match(neighborDescriptions[0]!, /^gw-x+~ instance 0 via Tunnel101$/);
  assert.match(neighborDescriptions[2]!, /^Route Server rs-x+~ instance 0$/);
  assert.ok(interfaceDescriptions.some((d) => /~, sources both tunnels$/.test(d)));
  assert.deepEqual(parseIosConfig(filled(ios)).rejected, []);
  // The reader holds IOS's limit: one character more is refused.
  const over = parseIosConfig(["router bgp 65002", " neighbor 169.254.21.2 remote-as 65001", ` neighbor 169.254.21.2 description ${"d".repeat(81)}`].join("\n"));
  assert.match(over.rejected[0]!.reason, /longer than 80 characters/);
});

test("an empty advertise list still renders a prefix-list, one that denies everything (a missing list would permit all)", () => {
  const spec = structuredClone(seed);
  spec.advertise = { client: [], provider: ["10.10.0.0/16"] };
  const topo = resolveTopology(topologySpecSchema.parse(spec));
  const ios = iosSection(renderNvaConfig(topo, "c8k-10"));
  assert.deepEqual(topLines(ios, "ip prefix-list PL-TO-ROUTESERVER"), ["ip prefix-list PL-TO-ROUTESERVER seq 5 deny 0.0.0.0/0 le 32"]);
});
