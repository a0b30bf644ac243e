// One local network gateway per NVA: Azure's view of the NVA as a VPN peer.
import { placeholder } from "../placeholders.js";
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
        gatewayIpAddress: placeholder.publicIp(nva.publicIpName),
        // Empty on purpose. With BGP every route is learned over the session, so
        // no static prefix is needed; the only prefix Microsoft asks for is the
        // /32 of the peer's BGP address, and only when that address is not
        // APIPA ("Configure BGP for VPN Gateway", learn.microsoft.com/azure/
        // vpn-gateway/bgp-howto: with an APIPA BGP peer address the LNG address
        // space is left without it). A 169.254.x.x/32 here would also be an
        // address Azure does not route. Sent explicitly so drift sees [] vs [].
        localNetworkAddressSpace: { addressPrefixes: [] },
        bgpSettings: { asn: nva.asn, bgpPeeringAddress: nva.loopbackIp },
      },
    },
  );
}

export function localNetworkGateways(topo: Topology): PlannedResource[] {
  return topo.nvas.map((n) => localNetworkGateway(topo, n));
}
