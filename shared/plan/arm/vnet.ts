// The two virtual networks, with every subnet inline. Subnets are written as
// part of their VNet (not as child resources) so one PUT states the whole
// address plan and a later PUT cannot silently drop a subnet.
// No NSG is attached to any subnet: GatewaySubnet and RouteServerSubnet must
// not carry one, and the NVAs' NSG sits on their outside NICs instead.
import type { PlannedResource, SubnetPlan, Topology } from "../types.js";
import { ids } from "./ids.js";
import { planned } from "./resource.js";

function vnet(topo: Topology, name: string, addressSpace: string[], subnets: SubnetPlan[]): PlannedResource {
  return planned("Microsoft.Network/virtualNetworks", ids.vnet(topo, name), [], {
    location: topo.location,
    tags: topo.tags,
    properties: {
      addressSpace: { addressPrefixes: addressSpace },
      subnets: subnets.map((s) => ({ name: s.name, properties: { addressPrefix: s.prefix } })),
    },
  });
}

export function virtualNetworks(topo: Topology): PlannedResource[] {
  return [
    vnet(topo, topo.clientVnet.name, topo.clientVnet.addressSpace, topo.clientVnet.subnets),
    vnet(topo, topo.providerVnet.name, topo.providerVnet.addressSpace, topo.providerVnet.subnets),
  ];
}
