import { test } from "node:test";
import assert from "node:assert/strict";
import { bgpConnectionState, computeNetworkState, connectionStatus } from "../../emulator/network/outcome.js";
import type { NetworkInputs, NetworkState } from "../../emulator/network/types.js";
import { IDS, LAB_PSK, fixtureConfig, resource, seedInputs } from "../fixtures/network/seed-resources.js";

/** Every tunnel and session as a short label, so a test can name exactly which ones are down. */
function labels(state: NetworkState): { up: string[]; down: string[] } {
  const all = [
    ...state.tunnels.map((t) => ({ label: `tunnel ${t.connectionId.split("/").pop()}#${t.instance}`, up: t.state === "Connected" })),
    ...state.gatewayPeers.map((p) => ({ label: `gw ${p.localAddress}<>${p.neighbor}`, up: p.state === "Connected" })),
    ...state.routeServerPeers.map((p) => ({ label: `rs ${p.peerIp}<>${p.routerIp}`, up: p.state === "Connected" })),
  ];
  return { up: all.filter((x) => x.up).map((x) => x.label).sort(), down: all.filter((x) => !x.up).map((x) => x.label).sort() };
}

function down(state: NetworkState): string[] {
  return labels(state).down;
}

function allReasons(state: NetworkState): string[] {
  return [...state.tunnels, ...state.gatewayPeers, ...state.routeServerPeers].flatMap((x) => x.reasons);
}

function withC8k10(edit: (text: string) => string): NetworkInputs {
  const original = fixtureConfig("c8k-10");
  const edited = edit(original);
  assert.notEqual(edited, original, "the edit must change the configuration");
  return seedInputs({ c8k10Config: edited });
}

const gatewayRoutes = (s: NetworkState) => s.gatewayLearnedRoutes[IDS.gateway]!;

test("seed lab: 4 tunnels, 4 gateway sessions and 4 Route Server sessions are Connected", () => {
  const s = computeNetworkState(seedInputs());
  assert.deepEqual(down(s), []);
  assert.deepEqual(labels(s).up, [
    "gw 169.254.21.2<>169.254.21.1",
    "gw 169.254.21.6<>169.254.21.1",
    "gw 169.254.22.2<>169.254.22.1",
    "gw 169.254.22.6<>169.254.22.1",
    "rs 10.10.1.4<>10.10.4.4",
    "rs 10.10.1.4<>10.10.4.5",
    "rs 10.10.1.5<>10.10.4.4",
    "rs 10.10.1.5<>10.10.4.5",
    "tunnel con-c8k-10#0",
    "tunnel con-c8k-10#1",
    "tunnel con-c8k-20#0",
    "tunnel con-c8k-20#1",
  ]);
  assert.deepEqual(s.tunnels.map((t) => t.nvaInterface), ["Tunnel101", "Tunnel102", "Tunnel101", "Tunnel102"]);
  assert.equal(connectionStatus(s, IDS.con10).connectionStatus, "Connected");
});

test("seed lab routes: the gateway learns 10.10.0.0/16 from each NVA session, Route Server learns 10.0.0.0/16 from both NVAs", () => {
  const s = computeNetworkState(seedInputs());
  const ebgp = gatewayRoutes(s).filter((r) => r.origin === "EBgp");
  assert.deepEqual(
    ebgp.map((r) => `${r.network} via ${r.nextHop} from ${r.localAddress} path ${r.asPath}`).sort(),
    [
      "10.10.0.0/16 via 169.254.21.1 from 169.254.21.2 path 65002",
      "10.10.0.0/16 via 169.254.21.1 from 169.254.21.6 path 65002",
      "10.10.0.0/16 via 169.254.22.1 from 169.254.22.2 path 65002",
      "10.10.0.0/16 via 169.254.22.1 from 169.254.22.6 path 65002",
    ],
  );
  assert.deepEqual(gatewayRoutes(s).filter((r) => r.origin === "Network").map((r) => `${r.network}@${r.localAddress}`), ["10.0.0.0/16@10.0.3.4", "10.0.0.0/16@10.0.3.5"]);
  for (const p of s.gatewayPeers) assert.deepEqual(p.routesReceived, ["10.10.0.0/16"]);
  for (const id of [IDS.bgpConn10, IDS.bgpConn20]) {
    for (const role of ["RouteServiceRole_IN_0", "RouteServiceRole_IN_1"]) {
      const learned = s.routeServerLearnedRoutes[id]![role]!;
      const client = learned.find((r) => r.network === "10.0.0.0/16");
      assert.equal(client?.asPath, "65002-65001", `${id} ${role}`);
      const advertised = s.routeServerAdvertisedRoutes[id]![role]!;
      assert.ok(advertised.some((r) => r.network === "10.10.0.0/16" && r.asPath === "65515" && r.origin === "Igp"));
    }
  }
  for (const p of s.routeServerPeers) assert.ok(p.routesReceived.includes("10.0.0.0/16"));
  // The gateway advertises its VNet to each NVA loopback.
  assert.ok(s.gatewayAdvertisedRoutes[IDS.gateway]!["169.254.21.1"]!.some((r) => r.network === "10.0.0.0/16" && r.asPath === "65001"));
});

test("the model is deterministic: the same inputs give the same state", () => {
  assert.deepEqual(computeNetworkState(seedInputs()), computeNetworkState(seedInputs()));
});

test("defect 1: c8k-10 without /32 routes to the gateway peers loses both gateway sessions; its tunnels stay up", () => {
  const s = computeNetworkState(withC8k10((t) => t.replace(/^ip route 169\.254\.21\.\d+ .*$/gm, "")));
  assert.deepEqual(down(s), ["gw 169.254.21.2<>169.254.21.1", "gw 169.254.21.6<>169.254.21.1"]);
  const reasons = s.gatewayPeers.find((p) => p.localAddress === "169.254.21.2")!.reasons;
  assert.ok(reasons.some((r) => /default route out of GigabitEthernet1/.test(r)), reasons.join("; "));
  // The gateway still learns the provider VNet from c8k-20.
  assert.equal(gatewayRoutes(s).filter((r) => r.origin === "EBgp").length, 2);
});

test("defect 2: the second tunnel sourced from GigabitEthernet3 takes down that tunnel and its session only", () => {
  const s = computeNetworkState(withC8k10((t) => t.replace(/(interface Tunnel102[\s\S]*?)tunnel source GigabitEthernet1/, "$1tunnel source GigabitEthernet3")));
  assert.deepEqual(down(s), ["gw 169.254.21.6<>169.254.21.1", "tunnel con-c8k-10#1"]);
  assert.ok(s.tunnels[1]!.reasons.some((r) => r.includes("GigabitEthernet3") && r.includes("GigabitEthernet1-2")), s.tunnels[1]!.reasons.join("; "));
});

test("defect 3: `ip address ... no shutdown` on one line on the inside interface takes down that NVA's Route Server sessions", () => {
  const s = computeNetworkState(withC8k10((t) => t.replace(" ip address 10.10.1.4 255.255.255.0\n no shutdown", " ip address 10.10.1.4 255.255.255.0 no shutdown")));
  assert.deepEqual(down(s), ["rs 10.10.1.4<>10.10.4.4", "rs 10.10.1.4<>10.10.4.5"]);
  const reasons = s.routeServerPeers[0]!.reasons.join("; ");
  assert.match(reasons, /no interface on c8k-10 holds 10\.10\.1\.4 \(IOS rejected line \d+/);
});

test("an inside interface without `no shutdown` stays administratively down (the c8000v factory state)", () => {
  const s = computeNetworkState(withC8k10((t) => t.replace(" ip address 10.10.1.4 255.255.255.0\n no shutdown\n", " ip address 10.10.1.4 255.255.255.0\n")));
  assert.deepEqual(down(s), ["rs 10.10.1.4<>10.10.4.4", "rs 10.10.1.4<>10.10.4.5"]);
  assert.match(s.routeServerPeers[0]!.reasons.join("; "), /GigabitEthernet2 \(10\.10\.1\.4\) is down \(no "no shutdown"\)/);
  assert.equal(bgpConnectionState(s, IDS.bgpConn10), "NotConnected");
  assert.equal(bgpConnectionState(s, IDS.bgpConn20), "Connected");
});

test("defect 4: tunnel interfaces with 10.100.x.x /32 addresses instead of unnumbered are harmless", () => {
  let n = 0;
  const s = computeNetworkState(withC8k10((t) => t.replace(/ ip unnumbered Loopback0/g, () => ` ip address 10.100.${++n}.1 255.255.255.255`)));
  assert.deepEqual(down(s), []);
});

test("a tunnel interface with no IPv4 at all (neither address nor unnumbered) carries no BGP: its route is not installed", () => {
  const s = computeNetworkState(withC8k10((t) => t.replace(/(interface Tunnel101\n[^\n]*\n) ip unnumbered Loopback0\n/, "$1")));
  assert.deepEqual(down(s), ["gw 169.254.21.2<>169.254.21.1"]);
});

test("a PSK mismatch on one connection takes down its 2 tunnels and 2 sessions, and no reason shows either key", () => {
  const inputs = seedInputs();
  resource(inputs, IDS.con20).properties.sharedKey = "Rotated-Key-9";
  const s = computeNetworkState(inputs);
  assert.deepEqual(down(s), ["gw 169.254.22.2<>169.254.22.1", "gw 169.254.22.6<>169.254.22.1", "tunnel con-c8k-20#0", "tunnel con-c8k-20#1"]);
  assert.equal(connectionStatus(s, IDS.con20).connectionStatus, "NotConnected");
  assert.ok(s.tunnels[2]!.reasons.includes("PSK mismatch between con-c8k-20 and c8k-20 keyring keys-azure peer gw-inst0 for 198.51.100.4"), s.tunnels[2]!.reasons.join("; "));
  for (const reason of allReasons(s)) {
    assert.equal(reason.includes("Rotated-Key-9"), false);
    assert.equal(reason.includes(LAB_PSK), false);
  }
});

test("a wrong gatewayCustomBgpIpAddresses selection takes down that session only", () => {
  const inputs = seedInputs();
  // Instance 1 of con-c8k-10 picks c8k-20's APIPA address: it exists on the gateway, but c8k-10 has no such neighbor.
  resource(inputs, IDS.con10).properties.gatewayCustomBgpIpAddresses[1].customBgpIpAddress = "169.254.22.6";
  const s = computeNetworkState(inputs);
  assert.deepEqual(down(s), ["gw 169.254.22.6<>169.254.21.1"]);
  assert.match(s.gatewayPeers[1]!.reasons.join("; "), /c8k-10 has no BGP neighbor 169\.254\.22\.6/);
});

test("a custom APIPA address removed from a gateway instance takes down the session that selected it", () => {
  const inputs = seedInputs();
  resource(inputs, IDS.gateway).properties.bgpSettings.bgpPeeringAddresses[1].customBgpIpAddresses = ["169.254.22.6"];
  const s = computeNetworkState(inputs);
  assert.deepEqual(down(s), ["gw 169.254.21.6<>169.254.21.1"]);
  assert.match(s.gatewayPeers[1]!.reasons.join("; "), /selects 169\.254\.21\.6 for gateway instance 1, but that instance's custom BGP addresses are \[169\.254\.22\.6\]/);
});

test("a powered-off NVA takes down its 2 tunnels, 2 gateway sessions and 2 Route Server sessions", () => {
  const inputs = seedInputs();
  inputs.powerStates[IDS.vm10.toLowerCase()] = "deallocated";
  const s = computeNetworkState(inputs);
  assert.deepEqual(down(s), [
    "gw 169.254.21.2<>169.254.21.1",
    "gw 169.254.21.6<>169.254.21.1",
    "rs 10.10.1.4<>10.10.4.4",
    "rs 10.10.1.4<>10.10.4.5",
    "tunnel con-c8k-10#0",
    "tunnel con-c8k-10#1",
  ]);
  assert.ok(s.tunnels[0]!.reasons.includes("c8k-10 is deallocated"));
  assert.deepEqual(s.stoppedVms, [IDS.vm10]);
  // Route Server now learns the client VNet from c8k-20 only.
  assert.deepEqual(s.routeServerLearnedRoutes[IDS.bgpConn10]!.RouteServiceRole_IN_0, []);
  assert.ok(s.routeServerLearnedRoutes[IDS.bgpConn20]!.RouteServiceRole_IN_0!.some((r) => r.network === "10.0.0.0/16"));
});

test("an IPsec policy mismatch takes down that connection's tunnels and sessions", () => {
  const inputs = seedInputs();
  Object.assign(resource(inputs, IDS.con20).properties.ipsecPolicies[0], { ipsecEncryption: "GCMAES256", ipsecIntegrity: "GCMAES256" });
  const s = computeNetworkState(inputs);
  assert.deepEqual(down(s), ["gw 169.254.22.2<>169.254.22.1", "gw 169.254.22.6<>169.254.22.1", "tunnel con-c8k-20#0", "tunnel con-c8k-20#1"]);
  assert.match(s.tunnels[2]!.reasons.join("; "), /transform-set mismatch on ipsecEncryption, ipsecIntegrity: Azure offers GCMAES256\/GCMAES256/);
});

test("an IKE DH group or PFS mismatch also keeps the tunnel down", () => {
  const dh = seedInputs();
  resource(dh, IDS.con10).properties.ipsecPolicies[0].dhGroup = "ECP384";
  const dhState = computeNetworkState(dh);
  assert.deepEqual(down(dhState), ["gw 169.254.21.2<>169.254.21.1", "gw 169.254.21.6<>169.254.21.1", "tunnel con-c8k-10#0", "tunnel con-c8k-10#1"]);
  assert.match(dhState.tunnels[0]!.reasons.join("; "), /IKE proposal mismatch on dhGroup: /);
  const pfs = seedInputs();
  resource(pfs, IDS.con10).properties.ipsecPolicies[0].pfsGroup = "PFS2048";
  const s = computeNetworkState(pfs);
  assert.equal(s.tunnels[0]!.state, "NotConnected");
  assert.match(s.tunnels[0]!.reasons.join("; "), /PFS mismatch on pfsGroup: Azure uses PFS PFS2048, IOS sets no PFS/);
});

test("a connection without a custom policy accepts an AES256/SHA256/group 14 NVA (Azure's default set)", () => {
  const inputs = seedInputs();
  delete resource(inputs, IDS.con10).properties.ipsecPolicies;
  assert.deepEqual(down(computeNetworkState(inputs)), []);
});

test("a wrong ASN on the LNG takes down its gateway sessions; the tunnels stay up", () => {
  const inputs = seedInputs();
  resource(inputs, IDS.lng10).properties.bgpSettings.asn = 65003;
  const s = computeNetworkState(inputs);
  assert.deepEqual(down(s), ["gw 169.254.21.2<>169.254.21.1", "gw 169.254.21.6<>169.254.21.1"]);
  assert.ok(s.gatewayPeers[0]!.reasons.includes("c8k-10 runs BGP AS 65002, but lng-c8k-10 says 65003"));
});

test("an NSG rule that blocks UDP 500 from gateway instance 1 takes down both NVAs' tunnels to that instance and their sessions", () => {
  const inputs = seedInputs();
  inputs.resources.push({
    id: `${IDS.nsg}/securityRules/deny-ike-inst1`,
    name: "deny-ike-inst1",
    type: "Microsoft.Network/networkSecurityGroups/securityRules",
    properties: { provisioningState: "Succeeded", priority: 90, direction: "Inbound", access: "Deny", protocol: "Udp", sourceAddressPrefix: "198.51.100.5", sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "500" },
  });
  const s = computeNetworkState(inputs);
  assert.deepEqual(down(s), ["gw 169.254.21.6<>169.254.21.1", "gw 169.254.22.6<>169.254.22.1", "tunnel con-c8k-10#1", "tunnel con-c8k-20#1"]);
  assert.match(s.tunnels[1]!.reasons.join("; "), /NSG c8k-outside-nsg\/deny-ike-inst1 \(priority 90\) blocks UDP 500/);
});

test("an NVA whose NSG lacks any IKE rule falls to DenyAllInBound", () => {
  const inputs = seedInputs();
  inputs.resources = inputs.resources.filter((r) => !/securityRules\/allow-(ike|nat-t)$/.test(r.id));
  const s = computeNetworkState(inputs);
  assert.equal(s.tunnels.filter((t) => t.state === "Connected").length, 0);
  assert.match(s.tunnels[0]!.reasons.join("; "), /DenyAllInBound/);
});

test("Route Server BGP through NSGs: open one way is enough, closed both ways keeps the session down", () => {
  const insideNsg = `${IDS.nsg.replace("c8k-outside-nsg", "c8k-inside-nsg")}`;
  const rule = (name: string, priority: number, direction: string, access: string, port = "179") => ({
    id: `${insideNsg}/securityRules/${name}`,
    name,
    type: "Microsoft.Network/networkSecurityGroups/securityRules",
    properties: { provisioningState: "Succeeded", priority, direction, access, protocol: "Tcp", sourceAddressPrefix: "*", sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: port },
  });
  const withInsideNsg = (...rules: ReturnType<typeof rule>[]) => {
    const inputs = seedInputs();
    inputs.resources.push({ id: insideNsg, name: "c8k-inside-nsg", type: "Microsoft.Network/networkSecurityGroups", properties: { provisioningState: "Succeeded" } }, ...rules);
    const nic = inputs.resources.find((r) => r.type === "Microsoft.Network/networkInterfaces" && r.name.includes("10") && r.name.includes("inside"))!;
    nic.properties.networkSecurityGroup = { id: insideNsg };
    return inputs;
  };
  const rsDown = (s: NetworkState) => down(s).filter((l) => l.startsWith("rs "));
  // Outbound open (Azure's default AllowVnetOutBound), inbound 179 denied: the NVA opens it.
  assert.deepEqual(rsDown(computeNetworkState(withInsideNsg(rule("deny-bgp-in", 100, "Inbound", "Deny")))), []);
  // Outbound 179 denied, inbound open (AllowVnetInBound): Route Server opens it.
  assert.deepEqual(rsDown(computeNetworkState(withInsideNsg(rule("deny-bgp-out", 100, "Outbound", "Deny")))), []);
  // Both closed: both of c8k-10's sessions stay down, and say why.
  const s = computeNetworkState(withInsideNsg(rule("deny-bgp-in", 100, "Inbound", "Deny"), rule("deny-bgp-out", 100, "Outbound", "Deny")));
  const c8k10 = s.routeServerPeers.filter((p) => p.vmId === IDS.vm10);
  assert.equal(c8k10.length, 2);
  for (const p of c8k10) {
    assert.equal(p.state, "Connecting");
    assert.match(p.reasons.join("; "), /NSG c8k-inside-nsg\/deny-bgp-out \(priority 100\) blocks TCP 179 from c8k-10 .* and NSG c8k-inside-nsg\/deny-bgp-in \(priority 100\) blocks it the other way/);
  }
  assert.ok(s.routeServerPeers.filter((p) => p.vmId === IDS.vm20).every((p) => p.state === "Connected"), "the other NVA is unaffected");
});

test("a passive neighbor towards an APIPA gateway address never comes up: Azure does not initiate from APIPA", () => {
  const s = computeNetworkState(withC8k10((t) => t.replace(" neighbor 169.254.21.2 update-source Loopback0", " neighbor 169.254.21.2 update-source Loopback0\n neighbor 169.254.21.2 transport connection-mode passive")));
  assert.deepEqual(down(s), ["gw 169.254.21.2<>169.254.21.1"]);
  assert.match(s.gatewayPeers[0]!.reasons.join("; "), /passive/);
});

test("a loopback-sourced gateway neighbor without ebgp-multihop stays down", () => {
  const s = computeNetworkState(withC8k10((t) => t.replace(" neighbor 169.254.21.6 ebgp-multihop 2\n", "")));
  assert.deepEqual(down(s), ["gw 169.254.21.6<>169.254.21.1"]);
  assert.match(s.gatewayPeers[1]!.reasons.join("; "), /ebgp-multihop or disable-connected-check/);
});

test("a Route Server neighbor not activated under `no bgp default ipv4-unicast` stays down", () => {
  const s = computeNetworkState(withC8k10((t) => t.replace("  neighbor 10.10.4.5 activate\n", "")));
  assert.deepEqual(down(s), ["rs 10.10.1.4<>10.10.4.5"]);
});

test("Route Server reached out of the outside interface is refused: ARS only accepts the session from the inside IP", () => {
  const s = computeNetworkState(withC8k10((t) => t.replace("ip route 10.10.4.0 255.255.255.0 10.10.1.1\n", "ip route 10.10.4.0 255.255.255.0 10.10.0.1\n")));
  assert.deepEqual(down(s), ["rs 10.10.1.4<>10.10.4.4", "rs 10.10.1.4<>10.10.4.5"]);
  assert.match(s.routeServerPeers[0]!.reasons.join("; "), /sends 10\.10\.4\.4 out of GigabitEthernet1/);
});

test("a gateway still Updating or an NVA without customData brings the affected tunnels down with a reason", () => {
  const updating = seedInputs();
  resource(updating, IDS.gateway).properties.provisioningState = "Updating";
  const s = computeNetworkState(updating);
  assert.equal(s.tunnels.every((t) => t.state === "NotConnected"), true);
  assert.ok(s.tunnels[0]!.reasons.includes("gateway client-Vnet-gw is Updating"));

  const blank = seedInputs();
  resource(blank, IDS.vm20).properties.osProfile.customData = "";
  const b = computeNetworkState(blank);
  assert.deepEqual(down(b), [
    "gw 169.254.22.2<>169.254.22.1",
    "gw 169.254.22.6<>169.254.22.1",
    "rs 10.10.1.5<>10.10.4.4",
    "rs 10.10.1.5<>10.10.4.5",
    "tunnel con-c8k-20#0",
    "tunnel con-c8k-20#1",
  ]);
});
