// Two NICs per NVA. Both forward traffic that is not addressed to them (the
// NVA routes between the tunnels and the provider VNet), so IP forwarding is
// on for both. Addresses are static: the day-0 config, the Route Server
// peering (peerIp = inside address) and the NSG all name them.
import type { NvaPlan, PlannedResource, Topology } from "../types.js";
import { ids } from "./ids.js";
import { planned, ref } from "./resource.js";

const IP_CONFIG_NAME = "ipconfig1";

function ipConfiguration(subnetId: string, address: string, publicIpId: string | null) {
  return {
    name: IP_CONFIG_NAME,
    properties: {
      subnet: ref(subnetId),
      privateIPAllocationMethod: "Static",
      privateIPAddress: address,
      privateIPAddressVersion: "IPv4",
      ...(publicIpId ? { publicIPAddress: ref(publicIpId) } : {}),
      // The NIC's only ipConfiguration is its primary one.
      primary: true,
    },
  };
}

export function outsideNic(topo: Topology, nva: NvaPlan): PlannedResource {
  const pv = topo.providerVnet;
  const publicIpId = ids.publicIp(topo, nva.publicIpName);
  const nsgId = ids.nsg(topo, topo.nsgName);
  return planned(
    "Microsoft.Network/networkInterfaces",
    ids.nic(topo, nva.outsideNicName),
    // Referenced by the body: the subnet (inside its VNet), the public IP, the NSG.
    [ids.vnet(topo, pv.name), publicIpId, nsgId],
    {
      location: topo.location,
      tags: topo.tags,
      properties: {
        enableIPForwarding: true,
        networkSecurityGroup: ref(nsgId),
        ipConfigurations: [ipConfiguration(ids.subnet(topo, pv.name, pv.outsideSubnet.name), nva.outsideIp, publicIpId)],
      },
    },
  );
}

export function insideNic(topo: Topology, nva: NvaPlan): PlannedResource {
  const pv = topo.providerVnet;
  const nsgId = ids.nsg(topo, topo.insideNsgName);
  return planned(
    "Microsoft.Network/networkInterfaces",
    ids.nic(topo, nva.insideNicName),
    // Its subnet (subnets are written inside their VNet's body, no resource of
    // their own in the plan, so the edge points at the VNet), and its NSG.
    [ids.vnet(topo, pv.name), nsgId],
    {
      location: topo.location,
      tags: topo.tags,
      properties: {
        enableIPForwarding: true,
        networkSecurityGroup: ref(nsgId),
        ipConfigurations: [ipConfiguration(ids.subnet(topo, pv.name, pv.insideSubnet.name), nva.insideIp, null)],
      },
    },
  );
}

export function networkInterfaces(topo: Topology): PlannedResource[] {
  return topo.nvas.flatMap((n) => [outsideNic(topo, n), insideNic(topo, n)]);
}
