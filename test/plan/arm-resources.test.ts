import { CONFIG_HASH_TAG, configHash } from "../../shared/plan/arm/config-hash.js";
import { renderNvaConfig } from "../../shared/ios/render.js";
import { test } from "node:test";
import assert from "node:assert/strict";
import { desiredResources } from "../../shared/plan/arm/index.js";
import { placeholder } from "../../shared/plan/placeholders.js";
import type { PlannedResource } from "../../shared/plan/types.js";
import { testTopologies, seedTopology } from "../helpers/topologies.js";

const RG = "/subscriptions/{{subscriptionId}}/resourceGroups/vpn-bgp-apipa-lab-rg";
const NET = `${RG}/providers/Microsoft.Network`;

function byId(resources: PlannedResource[], id: string): PlannedResource {
  const r = resources.find((x) => x.id === id);
  assert.ok(r, `no resource ${id}`);
  return r;
}

// Hand-picked edges, so a change in the wiring is a visible test change.
test("seed lab: exact resource list and dependency edges", () => {
  const rs = desiredResources(seedTopology());
  const deps = Object.fromEntries(rs.map((r) => [r.id.slice(RG.length), [...r.dependsOn].map((d) => d.slice(RG.length)).sort()]));
  const n = "/providers/Microsoft.Network";
  assert.deepEqual(deps, {
    [`${n}/virtualNetworks/client-Vnet`]: [],
    [`${n}/virtualNetworks/provider-Vnet`]: [],
    [`${n}/publicIPAddresses/gw-1-pip`]: [],
    [`${n}/publicIPAddresses/gw-2-pip`]: [],
    [`${n}/publicIPAddresses/c8k-1-pip`]: [],
    [`${n}/publicIPAddresses/c8k-2-pip`]: [],
    [`${n}/publicIPAddresses/provider-Vnet-rs-pip`]: [],
    [`${n}/networkSecurityGroups/provider-Vnet-nva-outside-nsg`]: [`${n}/publicIPAddresses/gw-1-pip`, `${n}/publicIPAddresses/gw-2-pip`],
    [`${n}/networkSecurityGroups/provider-Vnet-nva-inside-nsg`]: [],
    [`${n}/networkInterfaces/c8k-10-outside-nic`]: [
      `${n}/networkSecurityGroups/provider-Vnet-nva-outside-nsg`,
      `${n}/publicIPAddresses/c8k-1-pip`,
      `${n}/virtualNetworks/provider-Vnet`,
    ],
    [`${n}/networkInterfaces/c8k-10-inside-nic`]: [`${n}/networkSecurityGroups/provider-Vnet-nva-inside-nsg`, `${n}/virtualNetworks/provider-Vnet`],
    [`${n}/networkInterfaces/c8k-20-outside-nic`]: [
      `${n}/networkSecurityGroups/provider-Vnet-nva-outside-nsg`,
      `${n}/publicIPAddresses/c8k-2-pip`,
      `${n}/virtualNetworks/provider-Vnet`,
    ],
    [`${n}/networkInterfaces/c8k-20-inside-nic`]: [`${n}/networkSecurityGroups/provider-Vnet-nva-inside-nsg`, `${n}/virtualNetworks/provider-Vnet`],
    [`${n}/virtualNetworkGateways/client-Vnet-gw`]: [
      `${n}/publicIPAddresses/gw-1-pip`,
      `${n}/publicIPAddresses/gw-2-pip`,
      `${n}/virtualNetworks/client-Vnet`,
    ],
    [`${n}/localNetworkGateways/lng-c8k-10`]: [`${n}/publicIPAddresses/c8k-1-pip`],
    [`${n}/localNetworkGateways/lng-c8k-20`]: [`${n}/publicIPAddresses/c8k-2-pip`],
    [`${n}/virtualHubs/provider-Vnet-rs`]: [],
    [`${n}/virtualHubs/provider-Vnet-rs/ipConfigurations/ipconfig1`]: [
      `${n}/publicIPAddresses/provider-Vnet-rs-pip`,
      `${n}/virtualHubs/provider-Vnet-rs`,
      `${n}/virtualNetworks/provider-Vnet`,
    ],
    [`${n}/virtualHubs/provider-Vnet-rs/bgpConnections/bgp-c8k-10`]: [`${n}/virtualHubs/provider-Vnet-rs/ipConfigurations/ipconfig1`],
    [`${n}/virtualHubs/provider-Vnet-rs/bgpConnections/bgp-c8k-20`]: [
      `${n}/virtualHubs/provider-Vnet-rs/bgpConnections/bgp-c8k-10`,
      `${n}/virtualHubs/provider-Vnet-rs/ipConfigurations/ipconfig1`,
    ],
    ["/providers/Microsoft.Compute/virtualMachines/c8k-10"]: [
      `${n}/networkInterfaces/c8k-10-inside-nic`,
      `${n}/networkInterfaces/c8k-10-outside-nic`,
      `${n}/publicIPAddresses/gw-1-pip`,
      `${n}/publicIPAddresses/gw-2-pip`,
      `${n}/virtualHubs/provider-Vnet-rs/ipConfigurations/ipconfig1`,
    ],
    ["/providers/Microsoft.Compute/virtualMachines/c8k-20"]: [
      `${n}/networkInterfaces/c8k-20-inside-nic`,
      `${n}/networkInterfaces/c8k-20-outside-nic`,
      `${n}/publicIPAddresses/gw-1-pip`,
      `${n}/publicIPAddresses/gw-2-pip`,
      `${n}/virtualHubs/provider-Vnet-rs/ipConfigurations/ipconfig1`,
    ],
    [`${n}/connections/con-c8k-10`]: [`${n}/localNetworkGateways/lng-c8k-10`, `${n}/virtualNetworkGateways/client-Vnet-gw`],
    [`${n}/connections/con-c8k-20`]: [`${n}/localNetworkGateways/lng-c8k-20`, `${n}/virtualNetworkGateways/client-Vnet-gw`],
  });
});

for (const { label, topo } of testTopologies()) {
  test(`${label}: ids unique, dependsOn targets exist, graph acyclic, listed in dependency order`, () => {
    const rs = desiredResources(topo);
    const index = new Map(rs.map((r, i) => [r.id, i]));
    assert.equal(index.size, rs.length, "duplicate ids");
    for (const r of rs) {
      assert.ok(r.id.endsWith(`/${r.name}`), r.id);
      assert.ok(r.id.includes(`/providers/${r.type.split("/")[0]}/`), r.id);
      for (const d of r.dependsOn) {
        assert.ok(index.has(d), `${r.id} depends on missing ${d}`);
        // Every edge points backwards in the list, which proves there is no cycle.
        assert.ok(index.get(d)! < index.get(r.id)!, `${r.id} listed before its dependency ${d}`);
      }
    }
  });

  test(`${label}: tracked resources carry topo.tags (NVA VMs also their config hash), children carry none`, () => {
    for (const r of desiredResources(topo)) {
      const child = r.type.split("/").length > 2;
      if (child) assert.equal(r.body.tags, undefined, r.id);
      else if (r.type === "Microsoft.Compute/virtualMachines") {
        const { [CONFIG_HASH_TAG]: hash, ...rest } = r.body.tags as Record<string, string>;
        assert.deepEqual(rest, topo.tags, r.id);
        assert.equal(hash, configHash(renderNvaConfig(topo, r.name)), r.id);
      } else assert.deepEqual(r.body.tags, topo.tags, r.id);
      if (!child) assert.equal(r.body.location, topo.location, r.id);
    }
  });

  test(`${label}: only the connections wait for the gateway`, () => {
    const gw = desiredResources(topo).find((r) => r.type === "Microsoft.Network/virtualNetworkGateways")!;
    const waiting = desiredResources(topo).filter((r) => r.dependsOn.includes(gw.id));
    assert.deepEqual(waiting.map((r) => r.type), topo.nvas.map(() => "Microsoft.Network/connections"));
  });
}

test("seed lab bodies: gateway, connection, LNG, VM, NSG", () => {
  const rs = desiredResources(seedTopology());
  const gw = byId(rs, `${NET}/virtualNetworkGateways/client-Vnet-gw`).body.properties as any;
  assert.equal(gw.activeActive, true);
  assert.deepEqual(gw.sku, { name: "VpnGw1AZ", tier: "VpnGw1AZ" });
  assert.equal(gw.vpnGatewayGeneration, "Generation1");
  assert.deepEqual(gw.bgpSettings.bgpPeeringAddresses, [
    { ipconfigurationId: `${NET}/virtualNetworkGateways/client-Vnet-gw/ipConfigurations/vnetgwconfig`, customBgpIpAddresses: ["169.254.21.2", "169.254.22.2"] },
    { ipconfigurationId: `${NET}/virtualNetworkGateways/client-Vnet-gw/ipConfigurations/vnetgwconfig2`, customBgpIpAddresses: ["169.254.21.6", "169.254.22.6"] },
  ]);
  assert.equal(gw.ipConfigurations[1].properties.publicIPAddress.id, `${NET}/publicIPAddresses/gw-2-pip`);
  assert.equal(gw.ipConfigurations[0].properties.subnet.id, `${NET}/virtualNetworks/client-Vnet/subnets/GatewaySubnet`);

  const con = byId(rs, `${NET}/connections/con-c8k-20`).body.properties as any;
  assert.deepEqual(con.gatewayCustomBgpIpAddresses, [
    { ipConfigurationId: `${NET}/virtualNetworkGateways/client-Vnet-gw/ipConfigurations/vnetgwconfig`, customBgpIpAddress: "169.254.22.2" },
    { ipConfigurationId: `${NET}/virtualNetworkGateways/client-Vnet-gw/ipConfigurations/vnetgwconfig2`, customBgpIpAddress: "169.254.22.6" },
  ]);
  assert.equal(con.sharedKey, placeholder.secret("vpn-psk"));
  assert.equal(con.routingWeight, 10);
  assert.deepEqual(Object.keys(con.ipsecPolicies[0]).length, 8);

  const lng = byId(rs, `${NET}/localNetworkGateways/lng-c8k-20`).body.properties as any;
  assert.equal(lng.gatewayIpAddress, placeholder.publicIp("c8k-2-pip"));
  assert.deepEqual(lng.bgpSettings, { asn: 65002, bgpPeeringAddress: "169.254.22.1" });

  const vm = byId(rs, `${RG}/providers/Microsoft.Compute/virtualMachines/c8k-10`).body as any;
  assert.deepEqual(vm.plan, { name: "17_15_01a-byol", publisher: "cisco", product: "cisco-c8000v-byol" });
  assert.equal(vm.zones, undefined);
  assert.deepEqual(vm.properties.networkProfile.networkInterfaces.map((x: any) => [x.id.split("/").pop(), x.properties.primary]), [
    ["c8k-10-outside-nic", true],
    ["c8k-10-inside-nic", false],
  ]);
  assert.equal(vm.properties.osProfile.adminPassword, placeholder.secret("nva-admin-password"));
  assert.equal(vm.properties.osProfile.customData, placeholder.customData("c8k-10"));
  assert.equal(vm.properties.osProfile.linuxConfiguration, undefined);

  const nsg = byId(rs, `${NET}/networkSecurityGroups/provider-Vnet-nva-outside-nsg`).body.properties as any;
  assert.deepEqual(nsg.securityRules.map((r: any) => [r.properties.protocol, r.properties.destinationPortRange, r.properties.priority]), [
    ["Udp", "500", 100],
    ["Udp", "4500", 110],
    ["Esp", "*", 120],
  ]);
  for (const r of nsg.securityRules) {
    assert.deepEqual(r.properties.sourceAddressPrefixes, [placeholder.publicIp("gw-1-pip"), placeholder.publicIp("gw-2-pip")]);
  }

  // The inside NICs: BGP with the RouteServerSubnet only, then the provider networks, and nothing else either way.
  const seed = seedTopology();
  const inside = byId(rs, `${NET}/networkSecurityGroups/provider-Vnet-nva-inside-nsg`).body.properties as any;
  const row = (r: any) => {
    const p = r.properties;
    const far = p.direction === "Inbound" ? p.sourceAddressPrefix ?? p.sourceAddressPrefixes : p.destinationAddressPrefix ?? p.destinationAddressPrefixes;
    const near = p.direction === "Inbound" ? p.destinationAddressPrefix : p.sourceAddressPrefix;
    return [p.direction, p.priority, p.access, p.protocol, far, near, p.destinationPortRange];
  };
  const rsSubnet = seed.providerVnet.routeServerSubnetPrefix!;
  const provider = [...new Set([...seed.providerVnet.addressSpace, ...seed.advertise.provider])];
  const providerPrefix = provider.length === 1 ? provider[0] : provider;
  assert.deepEqual(inside.securityRules.map(row), [
    ["Inbound", 100, "Allow", "Tcp", rsSubnet, "*", "179"],
    ["Inbound", 110, "Deny", "Tcp", "*", "*", "179"],
    ["Inbound", 120, "Allow", "*", providerPrefix, "*", "*"],
    ["Inbound", 4096, "Deny", "*", "*", "*", "*"],
    ["Outbound", 100, "Allow", "Tcp", rsSubnet, "*", "179"],
    ["Outbound", 110, "Deny", "Tcp", "*", "*", "179"],
    ["Outbound", 120, "Allow", "*", providerPrefix, "*", "*"],
    ["Outbound", 4096, "Deny", "*", "*", "*", "*"],
  ]);
  for (const nva of ["c8k-10", "c8k-20"]) {
    const nic = byId(rs, `${NET}/networkInterfaces/${nva}-inside-nic`).body.properties as any;
    assert.deepEqual(nic.networkSecurityGroup, { id: `${NET}/networkSecurityGroups/provider-Vnet-nva-inside-nsg` }, nva);
  }

  const client = byId(rs, `${NET}/virtualNetworks/client-Vnet`).body.properties as any;
  const providerVnet = byId(rs, `${NET}/virtualNetworks/provider-Vnet`).body.properties as any;
  assert.deepEqual(client.subnets.map((s: any) => s.name), ["outside", "inside", "vm", "GatewaySubnet"]);
  assert.deepEqual(providerVnet.subnets.map((s: any) => s.name), ["outside", "inside", "vm", "RouteServerSubnet"]);
  for (const s of [...client.subnets, ...providerVnet.subnets]) assert.equal(s.properties.networkSecurityGroup, undefined);
});

test("variants: ssh key, zones, explicit subscription, no Route Server", () => {
  const [, one, three] = testTopologies();
  const rs1 = desiredResources(one!.topo);
  assert.ok(rs1.every((r) => r.id.startsWith("/subscriptions/00000000-1111-2222-3333-444444444444/")));
  assert.ok(!rs1.some((r) => r.type.startsWith("Microsoft.Network/virtualHubs")));
  const vm1 = rs1.find((r) => r.type === "Microsoft.Compute/virtualMachines")!;
  assert.deepEqual((vm1.body as any).zones, ["1"]);
  assert.equal((vm1.body as any).properties.osProfile.adminPassword, undefined);
  assert.equal((vm1.body as any).properties.osProfile.linuxConfiguration.disablePasswordAuthentication, true);
  assert.ok(!vm1.dependsOn.some((d) => d.includes("virtualHubs")));

  // No Route Server: the inside NSG has no BGP rules, only the provider networks and the denies.
  const inside1 = rs1.find((r) => r.name === `${one!.topo.providerVnet.name}-nva-inside-nsg`)!;
  assert.deepEqual((inside1.body.properties as any).securityRules.map((r: any) => r.name), [
    "allow-provider-networks-inbound",
    "deny-all-inbound",
    "allow-provider-networks-outbound",
    "deny-all-outbound",
  ]);

  // A key and a password: SSH takes the key only; the password stays for the serial console.
  const vm3 = desiredResources(three!.topo).find((r) => r.type === "Microsoft.Compute/virtualMachines")!;
  assert.ok(three!.topo.admin.sshPublicKey && three!.topo.admin.passwordSecretName, "this variant sets both");
  assert.equal((vm3.body as any).properties.osProfile.linuxConfiguration.disablePasswordAuthentication, true);
  assert.ok((vm3.body as any).properties.osProfile.adminPassword);
  const cons = desiredResources(three!.topo).filter((r) => r.type === "Microsoft.Network/connections");
  assert.deepEqual(cons.map((c) => (c.body.properties as any).sharedKey), three!.topo.nvas.map((n) => placeholder.secret(`vpn-psk-${n.name}`)));
});
