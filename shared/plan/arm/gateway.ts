// The active-active VPN gateway with custom APIPA BGP addresses per instance.
import { slot } from "../placeholder-slots.js";
import type { PlannedResource, Topology } from "../types.js";
import { ids } from "./ids.js";
import { planned, ref } from "./resource.js";

export function virtualNetworkGateway(topo: Topology): PlannedResource {
  const gw = topo.gateway;
  const publicIpIds = gw.instances.map((i) => ids.publicIp(topo, i.publicIpName));
  const gatewaySubnetId = ids.subnet(topo, topo.clientVnet.name, "GatewaySubnet");
  return planned(
    "Microsoft.Network/virtualNetworkGateways",
    ids.gateway(topo),
    // Referenced by the body: GatewaySubnet (in the client VNet) and both public IPs.
    [ids.vnet(topo, topo.clientVnet.name), ...publicIpIds],
    {
      location: topo.location,
      tags: topo.tags,
      properties: {
        gatewayType: "Vpn",
        vpnType: "RouteBased",
        vpnGatewayGeneration: gw.generation,
        activeActive: true,
        enableBgp: true,
        sku: { name: gw.sku, tier: gw.sku },
        ipConfigurations: gw.instances.map((i, k) => ({
          name: i.ipConfigName,
          properties: {
            privateIPAllocationMethod: "Dynamic",
            subnet: ref(gatewaySubnetId),
            publicIPAddress: ref(publicIpIds[k]!),
          },
        })),
        bgpSettings: {
          asn: gw.asn,
          // Note the lower-case "c" in ipconfigurationId: that is the wire name here
          // (connections spell it ipConfigurationId).
          bgpPeeringAddresses: gw.instances.map((i) => ({
            ipconfigurationId: slot.armId(ids.gatewayIpConfig(topo, i.ipConfigName)),
            customBgpIpAddresses: i.customBgpIps,
          })),
        },
      },
    },
  );
}
