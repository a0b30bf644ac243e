// Azure Route Server: a virtual hub without a virtual WAN, its one
// ipConfiguration in RouteServerSubnet, and one BGP connection per NVA.
import type { PlannedResource, Topology } from "../types.js";
import { ids } from "./ids.js";
import { planned, ref } from "./resource.js";

export function routeServerResources(topo: Topology): PlannedResource[] {
  const rs = topo.routeServer;
  if (!rs) return [];
  const hubId = ids.hub(topo, rs.name);
  const ipConfigId = ids.hubIpConfig(topo, rs.name, rs.ipConfigName);
  const providerVnetId = ids.vnet(topo, topo.providerVnet.name);
  const publicIpId = ids.publicIp(topo, rs.publicIpName);

  // The hub itself references nothing: it can start at once, in parallel with the VNets.
  const hub = planned("Microsoft.Network/virtualHubs", hubId, [], {
    location: topo.location,
    tags: topo.tags,
    properties: {
      sku: "Standard",
      // Lets Route Server pass routes between the NVAs and the VPN gateway.
      allowBranchToBranchTraffic: rs.allowBranchToBranchTraffic,
      hubRoutingPreference: "ExpressRoute",
    },
  });

  // Child resources carry no tags: ARM has nowhere to keep them.
  const ipConfig = planned(
    "Microsoft.Network/virtualHubs/ipConfigurations",
    ipConfigId,
    // The parent hub, and what the body references: RouteServerSubnet (in the provider VNet) and the public IP.
    [hubId, providerVnetId, publicIpId],
    {
      properties: {
        subnet: ref(ids.subnet(topo, topo.providerVnet.name, "RouteServerSubnet")),
        publicIPAddress: ref(publicIpId),
      },
    },
  );

  const peerings = topo.nvas.map((nva, k) => {
    const previous = topo.nvas[k - 1];
    return planned(
      "Microsoft.Network/virtualHubs/bgpConnections",
      ids.hubBgpConnection(topo, rs.name, nva.routeServerPeeringName),
      [
        // Route Server must be provisioned (ipConfiguration done) before peering.
        ipConfigId,
        // Azure rejects concurrent bgpConnection writes on one hub
        // (AnotherOperationInProgress), so the peerings form a chain.
        ...(previous ? [ids.hubBgpConnection(topo, rs.name, previous.routeServerPeeringName)] : []),
      ],
      { properties: { peerIp: nva.insideIp, peerAsn: nva.asn } },
    );
  });

  return [hub, ipConfig, ...peerings];
}
