import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeCustomData, extractIosConfiguration } from "../../emulator/network/ios/bootstrap.js";
import { canonicalInterfaceName } from "../../emulator/network/ios/interface-names.js";
import { parseCustomData, parseIosConfig } from "../../emulator/network/ios/parse.js";
import { effectiveNeighbor } from "../../emulator/network/ios/bgp-neighbor.js";
import { prefixListPermits, routeMapPermits } from "../../emulator/network/ios/route-policy.js";
import { customDataOf, fixtureConfig } from "../fixtures/network/seed-resources.js";
import { renderNvaConfigs } from "../../shared/ios/render.js";
import { fillText } from "../../shared/plan/placeholders.js";
import { seedTopology } from "../helpers/topologies.js";

test("an address and `no shutdown` on one line is rejected: the interface keeps no address and stays shut", () => {
  const c = parseIosConfig(["interface GigabitEthernet2", " ip address 10.10.1.4 255.255.255.0 no shutdown", "!"].join("\n"));
  const gi2 = c.interfaces.get("GigabitEthernet2")!;
  assert.equal(gi2.address, undefined);
  assert.equal(gi2.shutdown, undefined);
  assert.equal(c.rejected.length, 1);
  assert.equal(c.rejected[0]!.line, 2);
  assert.match(c.rejected[0]!.reason, /no shutdown/);
});

test("the c8000v bootstrap wrapper is removed and only the IOS section is read", () => {
  const wrapped = ["Section: IOS configuration", "hostname r1", "interface Loopback0", " ip address 169.254.21.1 255.255.255.255", "Section: License", "TECH_PACKAGE:network-advantage", "Section: Scripts", "hostname not-this-one"].join("\n");
  assert.equal(extractIosConfiguration(wrapped).includes("TECH_PACKAGE"), false);
  const c = parseCustomData(Buffer.from(wrapped).toString("base64"));
  assert.equal(c.hostname, "r1");
  assert.equal(c.interfaces.get("Loopback0")!.address!.ip, "169.254.21.1");
  assert.equal(c.ignored.some((l) => l.text.includes("TECH_PACKAGE")), false);
});

test("customData that is plain text (not base64) is read as is", () => {
  assert.equal(decodeCustomData("hostname plain\n"), "hostname plain\n");
  assert.equal(decodeCustomData(Buffer.from("hostname b64\n").toString("base64")), "hostname b64\n");
});

test("modes follow IOS, not indentation: unindented interface commands stay in the interface, `ip route` falls back to global", () => {
  const c = parseIosConfig(["interface Loopback0", "ip address 1.1.1.1 255.255.255.255", "ip route 0.0.0.0 0.0.0.0 10.0.0.1", "description after the route"].join("\n"));
  assert.equal(c.interfaces.get("Loopback0")!.address!.ip, "1.1.1.1");
  assert.equal(c.staticRoutes.length, 1);
  assert.equal(c.staticRoutes[0]!.nextHop, "10.0.0.1");
  // After a global command the interface mode is left: `description` is now an unknown global line.
  assert.equal(c.interfaces.get("Loopback0")!.description, undefined);
  assert.ok(c.ignored.some((l) => l.text === "description after the route"));
});

test("an indented interface command the model does not follow keeps the interface mode open", () => {
  const c = parseIosConfig(["interface Tunnel1", " ip mtu 1400", " ip tcp adjust-mss 1350", " tunnel source Gi1", " tunnel destination 198.51.100.4"].join("\n"));
  const tu = c.interfaces.get("Tunnel1")!;
  assert.equal(tu.tunnelSource, "GigabitEthernet1");
  assert.equal(tu.tunnelDestination, "198.51.100.4");
  assert.equal(tu.ipMtu, 1400);
  assert.deepEqual(c.ignored.map((l) => l.text), ["ip tcp adjust-mss 1350"]);
});

test("an unmodelled block swallows its own indented lines, and the next global line is read normally", () => {
  const c = parseIosConfig(["line vty 0 4", " transport input ssh", " ip address 9.9.9.9 255.255.255.255", "hostname after-block"].join("\n"));
  assert.equal(c.hostname, "after-block");
  assert.equal(c.interfaces.size, 0);
  assert.equal(c.rejected.length, 0);
});

test("interface names are canonical whatever the abbreviation", () => {
  assert.equal(canonicalInterfaceName("Gi1"), "GigabitEthernet1");
  assert.equal(canonicalInterfaceName("gig 2"), "GigabitEthernet2");
  assert.equal(canonicalInterfaceName("Tu101"), "Tunnel101");
  assert.equal(canonicalInterfaceName("lo0"), "Loopback0");
  assert.equal(canonicalInterfaceName("Foo1"), null);
  const c = parseIosConfig("int gi2\n ip address 10.0.0.1 255.255.255.0");
  assert.equal(c.interfaces.get("GigabitEthernet2")!.address!.ip, "10.0.0.1");
});

test("IOS refuses overlapping addresses, network addresses as host addresses, and non-contiguous masks", () => {
  const c = parseIosConfig(
    ["interface GigabitEthernet2", " ip address 10.10.1.4 255.255.255.0", "interface Tunnel1", " ip address 10.10.1.9 255.255.255.255", "interface Tunnel2", " ip address 10.20.0.0 255.255.255.0", "interface Tunnel3", " ip address 10.30.0.1 255.0.255.0"].join("\n"),
  );
  assert.equal(c.rejected.length, 3);
  assert.match(c.rejected[0]!.reason, /overlaps with GigabitEthernet2/);
  assert.match(c.rejected[1]!.reason, /bad mask/);
  assert.match(c.rejected[2]!.reason, /not a valid mask/);
  assert.equal(c.interfaces.get("Tunnel1")!.address, undefined);
});

test("ip unnumbered replaces an address; `ip address dhcp` is kept as DHCP", () => {
  const c = parseIosConfig(["interface Tunnel101", " ip address 10.100.1.1 255.255.255.255", " ip unnumbered Loopback0", "interface GigabitEthernet1", " ip address dhcp"].join("\n"));
  assert.equal(c.interfaces.get("Tunnel101")!.address, undefined);
  assert.equal(c.interfaces.get("Tunnel101")!.unnumbered, "Loopback0");
  assert.equal(c.interfaces.get("GigabitEthernet1")!.dhcp, true);
});

test("static routes: interface plus next hop, distance and name; an address with host bits set is refused", () => {
  const c = parseIosConfig(["ip route 10.10.4.0 255.255.255.0 GigabitEthernet2 10.10.1.1 200 name to-ars", "ip route 169.254.21.2 255.255.255.255 Tunnel101", "ip route 10.10.4.1 255.255.255.0 10.10.1.1"].join("\n"));
  assert.equal(c.staticRoutes.length, 2);
  assert.deepEqual(
    { i: c.staticRoutes[0]!.interface, n: c.staticRoutes[0]!.nextHop, d: c.staticRoutes[0]!.distance, l: c.staticRoutes[0]!.length },
    { i: "GigabitEthernet2", n: "10.10.1.1", d: 200, l: 24 },
  );
  assert.equal(c.staticRoutes[1]!.interface, "Tunnel101");
  assert.match(c.rejected[0]!.reason, /inconsistent address and mask/);
});

test("crypto: proposal lists, keyring keys with type and direction, transform-set sizes and GCM rules", () => {
  const c = parseIosConfig(
    [
      "crypto ikev2 proposal p1",
      " encryption aes-cbc-256 aes-cbc-128",
      " integrity sha256",
      " group 14 19",
      " encryption aes-cbc-999",
      "crypto ikev2 keyring k1",
      " peer a",
      "  address 198.51.100.4",
      "  pre-shared-key 0 key with spaces",
      " peer b",
      "  address 198.51.100.0 255.255.255.0",
      "  pre-shared-key local mine",
      "  pre-shared-key remote theirs",
      "crypto ipsec transform-set t1 esp-aes esp-sha-hmac",
      "crypto ipsec transform-set t2 esp-gcm 256 esp-sha256-hmac",
      "crypto ipsec transform-set t3 esp-gcm 256",
      " mode transport",
      "crypto ipsec profile ip1",
      " set transform-set t1 t3",
      " set pfs group14",
      " set ikev2-profile prof",
    ].join("\n"),
  );
  assert.deepEqual(c.ikev2Proposals.get("p1"), { name: "p1", encryption: ["aes-cbc-256", "aes-cbc-128"], integrity: ["sha256"], prf: [], groups: ["14", "19"] });
  const peers = c.ikev2Keyrings.get("k1")!.peers;
  assert.equal(peers[0]!.preSharedKey, "key with spaces");
  assert.deepEqual([peers[1]!.localKey, peers[1]!.remoteKey, peers[1]!.address!.mask], ["mine", "theirs", "255.255.255.0"]);
  assert.deepEqual(c.transformSets.get("t1")!.transforms, ["esp-aes 128", "esp-sha-hmac"]);
  assert.equal(c.transformSets.has("t2"), false);
  assert.equal(c.transformSets.get("t3")!.mode, "transport");
  assert.deepEqual(c.ipsecProfiles.get("ip1"), { name: "ip1", transformSets: ["t1", "t3"], pfsGroup: "group14", ikev2Profile: "prof" });
  assert.deepEqual(c.rejected.map((r) => r.text), ["encryption aes-cbc-999", "crypto ipsec transform-set t2 esp-gcm 256 esp-sha256-hmac"]);
});

test("IKEv2 profile: identities, local match, authentication, keyring, lifetime and dpd", () => {
  const c = parseIosConfig(
    ["crypto ikev2 profile prof", " match address local interface Gi1", " match identity remote address 198.51.100.4 255.255.255.255", " match identity remote address 198.51.100.5", " authentication remote pre-share", " authentication local pre-share", " keyring local k1", " lifetime 28800", " dpd 10 5 on-demand", " lifetime 5"].join("\n"),
  );
  const p = c.ikev2Profiles.get("prof")!;
  assert.equal(p.matchLocalInterface, "GigabitEthernet1");
  assert.deepEqual(p.matchRemoteAddresses.map((m) => `${m.ip}/${m.mask}`), ["198.51.100.4/255.255.255.255", "198.51.100.5/255.255.255.255"]);
  assert.deepEqual([p.authenticationLocal, p.authenticationRemote, p.keyringLocal, p.lifetimeSeconds], ["pre-share", ["pre-share"], "k1", 28800]);
  assert.deepEqual(p.dpd, { interval: 10, retry: 5, mode: "on-demand" });
  assert.equal(c.rejected.length, 1);
});

test("BGP: neighbor options before remote-as are refused, peer-groups pass settings on, activation follows the default", () => {
  const c = parseIosConfig(
    [
      "router bgp 65002",
      " neighbor 169.254.21.2 update-source Loopback0",
      " neighbor 169.254.21.2 remote-as 65001",
      " neighbor 169.254.21.2 update-source Loopback0",
      " neighbor RS peer-group",
      " neighbor RS remote-as 65515",
      " neighbor RS ebgp-multihop",
      " neighbor 10.10.4.4 peer-group RS",
      " neighbor 10.10.4.5 peer-group NOPE",
      " neighbor 169.254.21.2 transport connection-mode passive",
      " address-family ipv4",
      "  network 10.10.0.0 mask 255.255.0.0",
      "  network 10.0.0.0",
      "  no neighbor 10.10.4.4 activate",
      " exit-address-family",
      " bgp router-id 169.254.21.1",
      "router bgp 65003",
    ].join("\n"),
  );
  const bgp = c.bgp!;
  assert.equal(bgp.asn, 65002);
  assert.equal(bgp.routerId, "169.254.21.1");
  assert.deepEqual(c.rejected.map((r) => r.line), [2, 9, 17]);
  const gw = effectiveNeighbor(bgp, "169.254.21.2")!;
  assert.deepEqual([gw.remoteAs, gw.updateSource, gw.passive, gw.activatedIpv4], [65001, "Loopback0", true, true]);
  const rs = effectiveNeighbor(bgp, "10.10.4.4")!;
  assert.deepEqual([rs.remoteAs, rs.ebgpMultihop, rs.activatedIpv4], [65515, 255, false]);
  assert.deepEqual(bgp.networks.map((n) => `${n.network}/${n.length}`), ["10.10.0.0/16", "10.0.0.0/8"]);
});

test("`no bgp default ipv4-unicast` leaves neighbors inactive until activated", () => {
  const c = parseIosConfig(["router bgp 65002", " no bgp default ipv4-unicast", " neighbor 10.10.4.4 remote-as 65515", " neighbor 10.10.4.5 remote-as 65515", " address-family ipv4", "  neighbor 10.10.4.5 activate"].join("\n"));
  assert.equal(effectiveNeighbor(c.bgp!, "10.10.4.4")!.activatedIpv4, false);
  assert.equal(effectiveNeighbor(c.bgp!, "10.10.4.5")!.activatedIpv4, true);
});

test("the hand-written fixture configurations read cleanly", () => {
  for (const name of ["c8k-10", "c8k-20"] as const) {
    const c = parseCustomData(customDataOf(fixtureConfig(name), name === "c8k-20"));
    assert.deepEqual(c.rejected, [], name);
    assert.equal(c.hostname, name);
    assert.equal(c.bgp!.asn, 65002);
    assert.equal(c.interfaces.get("Tunnel102")!.tunnelDestination, "198.51.100.5");
  }
});

test("Bowtie's keyring line `pre-shared-key 0 <key>` is read as a clear-text key, even one that starts with 0 or 6", () => {
  const rendered = renderNvaConfigs(seedTopology())["c8k-10"]!;
  for (const key of ["6Abc-123", "0Abc-123", "Lab-Only-Psk-7f3a"]) {
    const c = parseIosConfig(extractIosConfiguration(fillText(rendered, (p) => (p.kind === "secret" ? key : p.kind === "routeServerIp" ? "10.10.4.4" : "198.51.100.7"))));
    const peers = [...c.ikev2Keyrings.values()].flatMap((k) => k.peers);
    assert.equal(peers.length, 2);
    for (const peer of peers) {
      assert.equal(peer.preSharedKey, key);
      assert.equal(peer.encryptedKey, undefined, "type 0: not an encrypted key");
    }
    assert.deepEqual(c.rejected.filter((r) => r.text.includes("pre-shared-key")), []);
  }
});

test("routing policy: prefix lists (seq, ge/le), route maps and their match clauses, name servers; IOS's refusals", () => {
  const c = parseIosConfig(
    [
      "ip prefix-list A seq 10 permit 10.0.0.0/8 le 24",
      "ip prefix-list A permit 0.0.0.0/0 ge 32",
      "ip prefix-list A seq 5 deny 10.1.0.0/16",
      "ip prefix-list B seq 5 permit 10.0.0.1/8",
      "ip prefix-list B seq 6 permit 10.0.0.0/8 ge 8",
      "route-map RM permit",
      " match ip address prefix-list A B",
      " set local-preference 200",
      "route-map RM deny 20",
      " match community 1",
      "ip name-server 168.63.129.16 8.8.8.8",
      "ip name-server 300.1.1.1",
    ].join("\n"),
  );
  assert.deepEqual(c.prefixLists.get("A"), [
    { seq: 5, action: "deny", network: "10.1.0.0", length: 16 },
    { seq: 10, action: "permit", network: "10.0.0.0", length: 8, le: 24 },
    { seq: 15, action: "permit", network: "0.0.0.0", length: 0, ge: 32 },
  ]);
  assert.equal(c.prefixLists.has("B"), false);
  assert.deepEqual(c.routeMaps.get("RM"), [
    { seq: 10, action: "permit", matchPrefixLists: ["A", "B"], unmodelledMatch: false },
    { seq: 20, action: "deny", matchPrefixLists: [], unmodelledMatch: true },
  ]);
  assert.deepEqual(c.nameServers, ["168.63.129.16", "8.8.8.8"]);
  assert.deepEqual(
    c.rejected.map((r) => r.text),
    ["ip prefix-list B seq 5 permit 10.0.0.1/8", "ip prefix-list B seq 6 permit 10.0.0.0/8 ge 8", "ip name-server 300.1.1.1"],
  );
  assert.deepEqual(c.ignored.map((l) => l.text), ["set local-preference 200", "match community 1"]);
});

test("BGP neighbor policy: route-map and prefix-list per direction, maximum-prefix forms, fall-over forms, maximum-paths", () => {
  const c = parseIosConfig(
    [
      "router bgp 65002",
      " neighbor 10.0.0.1 remote-as 65001",
      " neighbor 10.0.0.1 fall-over route-map HOST",
      " neighbor 10.0.0.2 remote-as 65001",
      " neighbor 10.0.0.2 fall-over",
      " neighbor 10.0.0.2 fall-over sideways",
      " address-family ipv4",
      "  maximum-paths 2",
      "  maximum-paths ibgp 4",
      "  maximum-paths 33",
      "  neighbor 10.0.0.1 route-map OUT out",
      "  neighbor 10.0.0.1 prefix-list IN in",
      "  neighbor 10.0.0.1 route-map X sideways",
      "  neighbor 10.0.0.1 maximum-prefix 100 80 restart 5",
      "  neighbor 10.0.0.2 maximum-prefix 50 warning-only",
      "  neighbor 10.0.0.2 maximum-prefix 0",
    ].join("\n"),
  );
  const one = effectiveNeighbor(c.bgp!, "10.0.0.1")!;
  const two = effectiveNeighbor(c.bgp!, "10.0.0.2")!;
  assert.equal(c.bgp!.maximumPaths, 2);
  assert.deepEqual([one.routeMapOut, one.prefixListIn, one.routeMapIn], ["OUT", "IN", undefined]);
  assert.deepEqual(one.maximumPrefix, { limit: 100, thresholdPercent: 80, warningOnly: false, restartMinutes: 5 });
  assert.deepEqual(two.maximumPrefix, { limit: 50, thresholdPercent: 75, warningOnly: true });
  assert.deepEqual([one.fallOver, two.fallOver], [{ routeMap: "HOST" }, {}]);
  assert.deepEqual(c.rejected.map((r) => r.text), ["neighbor 10.0.0.2 fall-over sideways", "maximum-paths 33", "neighbor 10.0.0.1 route-map X sideways", "neighbor 10.0.0.2 maximum-prefix 0"]);
});

test("prefix-list and route-map evaluation follow IOS: first match, exact length unless ge/le, implicit deny; unknown list permits, unknown map denies", () => {
  const c = parseIosConfig(
    [
      "ip prefix-list HOST seq 5 permit 0.0.0.0/0 ge 32",
      "ip prefix-list TEN seq 5 deny 10.9.0.0/16",
      "ip prefix-list TEN seq 10 permit 10.0.0.0/8 le 16",
      "route-map M deny 5",
      " match ip address prefix-list HOST",
      "route-map M permit 10",
      " match ip address prefix-list TEN",
    ].join("\n"),
  );
  const list = (name: string) => c.prefixLists.get(name) ?? null;
  assert.deepEqual(["169.254.21.2/32", "0.0.0.0/0", "10.0.0.0/8"].map((p) => prefixListPermits(list("HOST"), p)), [true, false, false]);
  assert.deepEqual(["10.0.0.0/8", "10.10.0.0/16", "10.9.0.0/16", "10.10.1.0/24", "11.0.0.0/8"].map((p) => prefixListPermits(list("TEN"), p)), [true, true, false, false, false]);
  const lists = Object.fromEntries(c.prefixLists);
  assert.deepEqual(["10.10.0.0/16", "10.10.0.1/32", "192.168.0.0/16"].map((p) => routeMapPermits(c.routeMaps.get("M")!, lists, p)), [true, false, false]);
  assert.equal(prefixListPermits(null, "192.168.0.0/16"), true);
  assert.equal(routeMapPermits(null, {}, "10.10.0.0/16"), false);
});
