// One route-based tunnel per gateway instance, both sourced from the outside
// interface (the one with the public IP), unnumbered to Loopback0: BGP runs
// between the loopback and the gateway's APIPA address, so the tunnel needs
// no address of its own.
import { placeholder } from "../../plan/placeholders.js";
import type { NvaPlan, Topology } from "../../plan/types.js";
import { CRYPTO, LOOPBACK_IF, OUTSIDE_IF } from "../names.js";

export function tunnelLines(topo: Topology, nva: NvaPlan): string[] {
  return topo.gateway.instances.flatMap((inst) => [
    `interface ${nva.tunnelInterfaces[inst.index]}`,
    ` description to ${topo.gateway.name} instance ${inst.index} (${inst.publicIpName}), BGP peer ${nva.gatewayBgpIps[inst.index]}`,
    ` ip unnumbered ${LOOPBACK_IF}`,
    ` ip tcp adjust-mss 1350`,
    ` tunnel source ${OUTSIDE_IF}`,
    ` tunnel mode ipsec ipv4`,
    ` tunnel destination ${placeholder.publicIp(inst.publicIpName)}`,
    ` tunnel protection ipsec profile ${CRYPTO.ipsecProfile}`,
    `!`,
  ]);
}
