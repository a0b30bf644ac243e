// One route-based tunnel per gateway instance, both sourced from the outside
// interface (the one with the public IP), unnumbered to Loopback0: BGP runs
// between the loopback and the gateway's APIPA address, so the tunnel needs
// no address of its own.
import { placeholder } from "../../plan/placeholders.js";
import type { NvaPlan, Topology } from "../../plan/types.js";
import { describeWithin, INTERFACE_DESCRIPTION_MAX } from "../descriptions.js";
import { CRYPTO, LOOPBACK_IF, OUTSIDE_IF } from "../names.js";

/**
 * Azure asks for MSS 1350 or, for devices that cannot clamp, an MTU of 1400
 * on the tunnel (Microsoft Learn "About VPN devices", IPsec parameters). Both
 * are set: MSS clamping covers TCP only, so large UDP and ICMP would
 * otherwise be fragmented after encryption (NVA-FACTS F7).
 */
export const TUNNEL_IP_MTU = 1400;

export function tunnelLines(topo: Topology, nva: NvaPlan): string[] {
  return topo.gateway.instances.flatMap((inst) => [
    `interface ${nva.tunnelInterfaces[inst.index]}`,
    ` description ${describeWithin(INTERFACE_DESCRIPTION_MAX, `to ${topo.gateway.name}`, ` instance ${inst.index} (${inst.publicIpName}), BGP peer ${nva.gatewayBgpIps[inst.index]}`)}`,
    ` ip unnumbered ${LOOPBACK_IF}`,
    ` ip mtu ${TUNNEL_IP_MTU}`,
    ` ip tcp adjust-mss 1350`,
    ` tunnel source ${OUTSIDE_IF}`,
    ` tunnel mode ipsec ipv4`,
    ` tunnel destination ${placeholder.publicIp(inst.publicIpName)}`,
    ` tunnel protection ipsec profile ${CRYPTO.ipsecProfile}`,
    `!`,
  ]);
}
