import { test } from "node:test";
import assert from "node:assert/strict";
import { ForwardingTable, type InterfaceState } from "../../emulator/network/ios/forwarding.js";
import { parseCidr } from "../../emulator/network/ipv4.js";
import { parseIosConfig } from "../../emulator/network/ios/parse.js";

const interfaces = (tunnelUp: boolean): InterfaceState[] => [
  { name: "GigabitEthernet1", up: true, address: { ip: "10.10.0.4", length: 24 } },
  { name: "GigabitEthernet2", up: true, address: { ip: "10.10.1.4", length: 24 } },
  { name: "Loopback0", up: true, address: { ip: "169.254.21.1", length: 32 } },
  { name: "Tunnel101", up: tunnelUp, address: { ip: "169.254.21.1", length: 32 }, unnumbered: true },
];
const dhcpDefault = [{ prefix: parseCidr("0.0.0.0/0")!, interface: "GigabitEthernet1", nextHop: "10.10.0.1", distance: 254, origin: "DHCP default" }];
const routes = parseIosConfig(
  ["ip route 169.254.21.2 255.255.255.255 Tunnel101", "ip route 10.10.4.0 255.255.255.0 10.10.1.1", "ip route 10.99.0.0 255.255.0.0 10.77.0.1", "ip route 10.10.0.0 255.255.0.0 Null0"].join("\n"),
).staticRoutes;

test("a /32 through an up tunnel beats the default route", () => {
  const t = new ForwardingTable(interfaces(true), routes, dhcpDefault);
  assert.equal(t.lookup("169.254.21.2")!.interface, "Tunnel101");
});

test("a static route through a down tunnel leaves the RIB, and the default route takes the traffic", () => {
  const t = new ForwardingTable(interfaces(false), routes, dhcpDefault);
  const d = t.lookup("169.254.21.2")!;
  assert.equal(d.interface, "GigabitEthernet1");
  assert.equal(d.route.source, "dhcp");
});

test("a recursive next hop resolves to the interface of its connected subnet", () => {
  const t = new ForwardingTable(interfaces(true), routes, dhcpDefault);
  const d = t.lookup("10.10.4.5")!;
  assert.deepEqual([d.interface, d.nextHop], ["GigabitEthernet2", "10.10.1.1"]);
});

test("longest prefix wins: connected /24 over a static /16; a next hop that resolves only via the default route is still usable", () => {
  const t = new ForwardingTable(interfaces(true), routes, dhcpDefault);
  assert.equal(t.lookup("10.10.1.20")!.interface, "GigabitEthernet2");
  assert.equal(t.lookup("10.10.2.20")!.interface, "Null0");
  assert.equal(t.lookup("10.99.1.1")!.interface, "GigabitEthernet1");
  assert.equal(t.hasExactRoute(parseCidr("10.10.0.0/16")!), true);
});

test("a static route out of an interface without IPv4 is not installed", () => {
  const noIp = interfaces(true).map((i) => (i.name === "Tunnel101" ? { name: i.name, up: true } : i));
  const t = new ForwardingTable(noIp, routes, dhcpDefault);
  assert.equal(t.lookup("169.254.21.2")!.interface, "GigabitEthernet1");
});

test("without a default route, an unresolvable next hop is not installed and unknown destinations have no route", () => {
  const t = new ForwardingTable(interfaces(true), routes);
  assert.equal(t.lookup("10.99.1.1"), null);
  assert.equal(t.lookup("198.51.100.4"), null);
  assert.equal(t.hasExactRoute(parseCidr("10.99.0.0/16")!), false);
});
