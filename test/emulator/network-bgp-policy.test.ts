// The BGP hardening the renderer adds (NVA-FACTS F1, F2, F5, F6, F11), run
// through the emulator's independent IOS reader and network model in the
// reference lab: the rendered configurations boot in place of the
// hand-written ones. Each test changes one rendered line and shows what that
// line does to the routes or sessions.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { ConvergenceTracker } from "../../emulator/network/convergence.js";
import { computeNetworkState } from "../../emulator/network/outcome.js";
import { parseIosConfig } from "../../emulator/network/ios/parse.js";
import { extractIosConfiguration } from "../../emulator/network/ios/bootstrap.js";
import type { NetworkInputs, NetworkState } from "../../emulator/network/types.js";
import { renderNvaConfig } from "../../shared/ios/render.js";
import { fillText } from "../../shared/plan/placeholders.js";
import { resolveTopology } from "../../shared/plan/topology.js";
import { topologySpecSchema } from "../../shared/spec/schema.js";
import { IDS, LAB_PSK, PUBLIC_IPS, fixtureConfig, resource, seedInputs } from "../fixtures/network/seed-resources.js";

const seedSpec = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));
const ROUTER_IPS = ["10.10.4.4", "10.10.4.5"];
const PUBLIC: Record<string, string> = { "gw-1-pip": PUBLIC_IPS.gw1, "gw-2-pip": PUBLIC_IPS.gw2, "c8k-1-pip": PUBLIC_IPS.c8k1, "c8k-2-pip": PUBLIC_IPS.c8k2 };

/** The NVA's rendered day-0 file with the lab's addresses and PSK filled in, as the apply step would. */
function rendered(nva: "c8k-10" | "c8k-20", specEdit: (spec: any) => void = () => {}): string {
  const spec = structuredClone(seedSpec);
  specEdit(spec);
  const topo = resolveTopology(topologySpecSchema.parse(spec));
  return fillText(renderNvaConfig(topo, nva), (p) => {
    if (p.kind === "secret") return LAB_PSK;
    if (p.kind === "routeServerIp") return ROUTER_IPS[Number(p.arg)]!;
    if (p.kind === "publicIp") return PUBLIC[p.arg]!;
    throw new Error(`unexpected placeholder ${p.text}`);
  });
}

function renderedLab(edit10?: (text: string) => string, specEdit?: (spec: any) => void): NetworkInputs {
  const c8k10 = rendered("c8k-10", specEdit);
  const edited = edit10 ? edit10(c8k10) : c8k10;
  if (edit10) assert.notEqual(edited, c8k10, "the edit must change the configuration");
  return seedInputs({ c8k10Config: edited, c8k20Config: rendered("c8k-20", specEdit) });
}

const notConnected = (s: NetworkState) =>
  [...s.tunnels, ...s.gatewayPeers, ...s.routeServerPeers].filter((x) => x.state !== "Connected").map((x) => ("neighbor" in x ? `gw ${x.localAddress}` : "routerIp" in x ? `rs ${x.peerIp}<>${x.routerIp}` : `tunnel ${x.instance}`));
const gatewayLearnedFrom = (s: NetworkState, loopback: string) =>
  s.gatewayLearnedRoutes[IDS.gateway]!.filter((r) => r.origin === "EBgp" && r.nextHop === loopback).map((r) => r.network);
const routeServerLearned = (s: NetworkState, bgpConnection: string) =>
  [...new Set(Object.values(s.routeServerLearnedRoutes[bgpConnection] ?? {}).flat().map((r) => r.network))].sort();
const nvaRoute = (s: NetworkState, vm: string, network: string) => s.nvaRoutes?.[vm]?.find((r) => r.network === network);

test("the rendered configurations read cleanly and bring the lab up: 4 tunnels, 4 gateway and 4 Route Server sessions", () => {
  for (const nva of ["c8k-10", "c8k-20"] as const) {
    const config = parseIosConfig(extractIosConfiguration(rendered(nva)));
    assert.deepEqual(config.rejected, [], nva);
    // Everything the hardening added is read, not ignored.
    const ignored = config.ignored.map((l) => l.text);
    for (const word of ["prefix-list", "route-map", "maximum-paths", "fall-over", "ip mtu", "name-server", "ebgp-multihop"]) {
      assert.ok(!ignored.some((l) => l.includes(word)), `${nva}: a line with "${word}" was not read: ${ignored.join(" | ")}`);
    }
    assert.deepEqual(config.nameServers, ["168.63.129.16"]);
    assert.deepEqual([...config.interfaces.values()].filter((i) => i.name.startsWith("Tunnel")).map((i) => i.ipMtu), [1400, 1400]);
  }
  assert.deepEqual(notConnected(computeNetworkState(renderedLab())), []);
});

test("F1/F2: the gateway hears only the provider prefixes, Route Server only the client side; the hand-written lab (no filters) sends both to Route Server", () => {
  const s = computeNetworkState(renderedLab());
  assert.deepEqual(gatewayLearnedFrom(s, "169.254.21.1"), ["10.10.0.0/16", "10.10.0.0/16"]);
  for (const id of [IDS.bgpConn10, IDS.bgpConn20]) assert.deepEqual(routeServerLearned(s, id), ["10.0.0.0/16"]);
  const unfiltered = computeNetworkState(seedInputs());
  assert.deepEqual(routeServerLearned(unfiltered, IDS.bgpConn10), ["10.0.0.0/16", "10.10.0.0/16"]);
});

test("F1: a provider prefix outside the provider VNet goes to the gateway but never to Route Server, which would program it back at the NVAs", () => {
  const extra = (spec: any) => (spec.advertise = { provider: ["10.10.0.0/16", "192.168.100.0/24"] });
  const s = computeNetworkState(renderedLab(undefined, extra));
  assert.deepEqual(notConnected(s), []);
  assert.ok(gatewayLearnedFrom(s, "169.254.21.1").includes("192.168.100.0/24"));
  for (const id of [IDS.bgpConn10, IDS.bgpConn20]) assert.deepEqual(routeServerLearned(s, id), ["10.0.0.0/16"]);
  // Without the route-map toward Route Server, Route Server learns it with the NVA as next hop: the loop of F1.
  const leaky = computeNetworkState(renderedLab((t) => t.replace(/^  neighbor 10\.10\.4\.\d route-map RM-TO-ROUTESERVER out\n/gm, ""), extra));
  const learned = Object.values(leaky.routeServerLearnedRoutes[IDS.bgpConn10]!).flat().filter((r) => r.network === "192.168.100.0/24");
  assert.deepEqual(learned.map((r) => r.nextHop), ["10.10.1.4", "10.10.1.4"]);
});

test("an outbound prefix-list that omits the provider prefix: the gateway does not learn it from that NVA", () => {
  const s = computeNetworkState(renderedLab((t) => t.replace("ip prefix-list PL-TO-GATEWAY seq 5 permit 10.10.0.0/16", "ip prefix-list PL-TO-GATEWAY seq 5 permit 10.99.0.0/16")));
  assert.deepEqual(notConnected(s), [], "the sessions stay up; only the route is missing");
  assert.deepEqual(gatewayLearnedFrom(s, "169.254.21.1"), []);
  assert.deepEqual(gatewayLearnedFrom(s, "169.254.22.1"), ["10.10.0.0/16", "10.10.0.0/16"]);
});

test("IOS's lookups by name: a route-map that does not exist sends nothing; a prefix-list that does not exist lets everything through", () => {
  const noMap = computeNetworkState(renderedLab((t) => t.replaceAll("route-map RM-TO-GATEWAY out", "route-map RM-TO-GATEWAY-TYPO out")));
  assert.deepEqual(gatewayLearnedFrom(noMap, "169.254.21.1"), []);
  const noList = computeNetworkState(renderedLab((t) => t.replace(" match ip address prefix-list PL-TO-ROUTESERVER", " match ip address prefix-list PL-TYPO")));
  assert.deepEqual(routeServerLearned(noList, IDS.bgpConn10), ["10.0.0.0/16", "10.10.0.0/16"]);
});

test("F5: with maximum-paths 2 the NVA installs both tunnels' paths to the client VNet; without it, one", () => {
  const s = computeNetworkState(renderedLab());
  assert.deepEqual(nvaRoute(s, IDS.vm10, "10.0.0.0/16"), { network: "10.0.0.0/16", nextHops: ["169.254.21.2", "169.254.21.6"], asPath: "65001" });
  const single = computeNetworkState(renderedLab((t) => t.replace("  maximum-paths 2\n", "")));
  assert.deepEqual(nvaRoute(single, IDS.vm10, "10.0.0.0/16")?.nextHops, ["169.254.21.2"]);
});

test("F11: ebgp-multihop 2 is enough for both kinds of peer; 1 keeps every session down", () => {
  const s = computeNetworkState(renderedLab((t) => t.replaceAll("ebgp-multihop 2", "ebgp-multihop 1")));
  assert.deepEqual(notConnected(s), ["gw 169.254.21.2", "gw 169.254.21.6", "rs 10.10.1.4<>10.10.4.4", "rs 10.10.1.4<>10.10.4.5"]);
  assert.match(s.gatewayPeers[0]!.reasons.join(" "), /ebgp-multihop 1 is too small.*at least 2/);
  assert.match(s.routeServerPeers[0]!.reasons.join(" "), /ebgp-multihop 1 is too small/);
});

test("maximum-prefix: a gateway sending more than the NVA's limit has the session torn down; warning-only keeps it", () => {
  const twoPrefixes = (inputs: NetworkInputs) => {
    resource(inputs, IDS.clientVnet).properties.addressSpace.addressPrefixes = ["10.0.0.0/16", "10.1.0.0/16"];
    return inputs;
  };
  const limit = (option: string) => (t: string) => t.replace(/^(  neighbor (169\.254\.21\.\d) activate\n)/gm, `$1  neighbor $2 maximum-prefix 1${option}\n`);
  const s = computeNetworkState(twoPrefixes(renderedLab(limit(" restart 5"))));
  assert.deepEqual(notConnected(s), ["gw 169.254.21.2", "gw 169.254.21.6"]);
  assert.equal(s.gatewayPeers[0]!.state, "Idle");
  assert.match(s.gatewayPeers[0]!.reasons.join(" "), /received 2 prefixes .* over its maximum-prefix 1: IOS tears the session down, and retries every 5 min/);
  assert.deepEqual(gatewayLearnedFrom(s, "169.254.21.1"), []);
  assert.deepEqual(notConnected(computeNetworkState(twoPrefixes(renderedLab(limit(" warning-only"))))), []);
});

test("Route Server drops an NVA that sends it more than 1000 routes; the rendered outbound filter keeps the NVA well under it", () => {
  const manyClientPrefixes = (inputs: NetworkInputs) => {
    const spokes = Array.from({ length: 1000 }, (_, i) => `172.${16 + Math.floor(i / 256)}.${i % 256}.0/24`);
    resource(inputs, IDS.clientVnet).properties.addressSpace.addressPrefixes = ["10.0.0.0/16", ...spokes];
    return inputs;
  };
  const filtered = computeNetworkState(manyClientPrefixes(renderedLab()));
  assert.deepEqual(notConnected(filtered), []);
  assert.deepEqual(routeServerLearned(filtered, IDS.bgpConn10), ["10.0.0.0/16"]);
  const unfiltered = computeNetworkState(manyClientPrefixes(renderedLab((t) => t.replace(/^  neighbor 10\.10\.4\.\d route-map RM-TO-ROUTESERVER out\n/gm, ""))));
  assert.deepEqual(notConnected(unfiltered), ["rs 10.10.1.4<>10.10.4.4", "rs 10.10.1.4<>10.10.4.5"]);
  assert.match(unfiltered.routeServerPeers[0]!.reasons.join(" "), /sent 1002 routes; Route Server drops a peer that sends more than 1000/);
});

const T0 = Date.UTC(2030, 0, 1);
const at = (seconds: number) => T0 + seconds * 1000;

/** The tunnels to gateway instance 0 lose their path (an NSG rule now blocks IKE from it); the NVAs keep running. */
function tunnelZeroBlocked(inputs: NetworkInputs): NetworkInputs {
  inputs.resources.push({
    id: `${IDS.nsg}/securityRules/deny-ike-inst0`,
    name: "deny-ike-inst0",
    type: "Microsoft.Network/networkSecurityGroups/securityRules",
    properties: { provisioningState: "Succeeded", priority: 90, direction: "Inbound", access: "Deny", protocol: "Udp", sourceAddressPrefix: PUBLIC_IPS.gw1, sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "500" },
  });
  return inputs;
}

test("F6: when a tunnel drops, fall-over route-map takes the dead path out of the NVA's routes at once; without it the path stays until the hold timer", () => {
  const run = (edit?: (t: string) => string) => {
    const tracker = new ConvergenceTracker();
    const healthy = computeNetworkState(renderedLab(edit));
    tracker.observe(healthy, at(0));
    const before = tracker.observe(healthy, at(60));
    const broken = computeNetworkState(tunnelZeroBlocked(renderedLab(edit)));
    return { before, broken, after: tracker.observe(broken, at(61)), later: tracker.observe(broken, at(61 + 180)) };
  };
  const withFallOver = run();
  assert.deepEqual(nvaRoute(withFallOver.before, IDS.vm10, "10.0.0.0/16")?.nextHops, ["169.254.21.2", "169.254.21.6"]);
  assert.deepEqual(nvaRoute(withFallOver.after, IDS.vm10, "10.0.0.0/16")?.nextHops, ["169.254.21.6"]);
  assert.match(withFallOver.broken.gatewayPeers.find((p) => p.localAddress === "169.254.21.2")!.reasons.join(" "), /fall-over route-map RM-BGP-PEER-HOST resets the session to 169\.254\.21\.2: only 0\.0\.0\.0\/0/);

  const without = run((t) => t.replace(/^ neighbor 169\.254\.21\.\d fall-over route-map RM-BGP-PEER-HOST\n/gm, ""));
  assert.deepEqual(nvaRoute(without.after, IDS.vm10, "10.0.0.0/16")?.nextHops, ["169.254.21.2", "169.254.21.6"], "the dead path is still used");
  assert.deepEqual(nvaRoute(without.later, IDS.vm10, "10.0.0.0/16")?.nextHops, ["169.254.21.6"]);
  assert.match(without.broken.gatewayPeers.find((p) => p.localAddress === "169.254.21.2")!.reasons.join(" "), /lives on until the hold timer expires: no fall-over/);

  // Plain fall-over is not enough: the default route out of GigabitEthernet1 still reaches the APIPA address.
  const plain = run((t) => t.replaceAll("fall-over route-map RM-BGP-PEER-HOST", "fall-over"));
  assert.deepEqual(nvaRoute(plain.after, IDS.vm10, "10.0.0.0/16")?.nextHops, ["169.254.21.2", "169.254.21.6"]);
  assert.match(plain.broken.gatewayPeers.find((p) => p.localAddress === "169.254.21.2")!.reasons.join(" "), /fall-over still finds 0\.0\.0\.0\/0/);
});
