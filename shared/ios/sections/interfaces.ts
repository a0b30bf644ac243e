// The three physical/logical interfaces every NVA has. Address and
// `no shutdown` are always separate lines (IOS rejects them on one), and
// both NICs are configured explicitly rather than left to defaults.
import type { NvaPlan, Topology } from "../../plan/types.js";
import { maskOf } from "../addressing.js";
import { describeWithin, INTERFACE_DESCRIPTION_MAX } from "../descriptions.js";
import { INSIDE_IF, LOOPBACK_IF, OUTSIDE_IF } from "../names.js";

export function interfaceLines(topo: Topology, nva: NvaPlan): string[] {
  return [
    `interface ${OUTSIDE_IF}`,
    ` description ${describeWithin(INTERFACE_DESCRIPTION_MAX, `outside: ${topo.providerVnet.outsideSubnet.name} subnet, public IP ${nva.publicIpName}`, ", sources both tunnels")}`,
    ` ip address ${nva.outsideIp} ${maskOf(topo.providerVnet.outsideSubnet.prefix)}`,
    ` negotiation auto`,
    ` no shutdown`,
    `!`,
    `interface ${INSIDE_IF}`,
    ` description ${describeWithin(INTERFACE_DESCRIPTION_MAX, `inside: ${topo.providerVnet.insideSubnet.name}`, " subnet, peers with Route Server")}`,
    ` ip address ${nva.insideIp} ${maskOf(topo.providerVnet.insideSubnet.prefix)}`,
    ` negotiation auto`,
    ` no shutdown`,
    `!`,
    `interface ${LOOPBACK_IF}`,
    ` description ${describeWithin(INTERFACE_DESCRIPTION_MAX, `BGP source for the gateway sessions (LNG ${nva.localNetworkGatewayName}`, " bgpPeeringAddress)")}`,
    ` ip address ${nva.loopbackIp} 255.255.255.255`,
    `!`,
  ];
}
