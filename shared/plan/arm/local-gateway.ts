// One local network gateway per NVA: Azure's view of the NVA as a VPN peer.
import { slot } from "../placeholder-slots.js";
import type { NvaPlan, PlannedResource, Topology } from "../types.js";
import { ids } from "./ids.js";
import { planned } from "./resource.js";

export function localNetworkGateway(topo: Topology, nva: NvaPlan): PlannedResource {
  return planned(
    "Microsoft.Network/localNetworkGateways",
    ids.localGateway(topo, nva.localNetworkGatewayName),
    // gatewayIpAddress is the NVA public IP's allocated address.
    [ids.publicIp(topo, nva.publicIpName)],
    {
      location: topo.location,
      tags: topo.tags,
      properties: {
        gatewayIpAddress: slot.publicIp(nva.publicIpName),
        // Empty on purpose. Microsoft's "Configure BGP for VPN Gateway" (learn.microsoft.com/
        // azure/vpn-gateway/bgp-howto, "Important configuration considerations"; read in
        // MicrosoftDocs/azure-docs articles/vpn-gateway/bgp-howto.md @14cd543f): the address
        // space may be left empty when the site is reached over BGP, because the gateway adds
        // the route to the BGP peer address (here the NVA's APIPA loopback) to the tunnel
        // itself. So no /32 of the loopback is needed; every real prefix is learned over BGP.
        // Sent explicitly as [] so drift compares [] with [] rather than with a missing key.
        localNetworkAddressSpace: { addressPrefixes: [] },
        bgpSettings: { asn: nva.asn, bgpPeeringAddress: nva.loopbackIp },
      },
    },
  );
}

export function localNetworkGateways(topo: Topology): PlannedResource[] {
  return topo.nvas.map((n) => localNetworkGateway(topo, n));
}
