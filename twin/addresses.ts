// The twin's address plan. Private addresses are the plan's own (subnets, NVA
// NICs, loopbacks, APIPA); what Azure would allocate is taken from
// documentation ranges: gateway public IPs from 198.51.100.0/24, NVA public
// IPs from 203.0.113.0/24 (1:1 NAT to the outside NICs in the fabric), and
// Route Server's router IPs are the RouteServerSubnet's .4 and .5, as Azure
// assigns them. The fabric router owns each subnet's first address, Azure's
// default gateway.
import { hostAt as nth } from "../emulator/arm/addresses.js";
import type { Plan } from "../shared/plan/types.js";

export interface TwinAddresses {
  gatewayPublicIps: [string, string];
  /** By NVA name. */
  nvaPublicIps: Record<string, string>;
  routerIps: string[];
  /** The fabric's address (the subnet's .1) with its prefix length, per subnet role. */
  fabric: { internet: string; outside: string; inside: string; routeServer: string | null };
}

const lengthOf = (prefix: string) => Number(prefix.split("/")[1]);
export const withLength = (ip: string, prefix: string) => `${ip}/${lengthOf(prefix)}`;

export const INTERNET = "198.51.100.0/24";
const NVA_PUBLIC = "203.0.113.0/24";

export function twinAddresses(plan: Plan): TwinAddresses {
  const t = plan.topology;
  const rsSubnet = t.routeServer ? t.providerVnet.routeServerSubnetPrefix : null;
  return {
    gatewayPublicIps: [nth(INTERNET, 10), nth(INTERNET, 11)],
    nvaPublicIps: Object.fromEntries(t.nvas.map((n, i) => [n.name, nth(NVA_PUBLIC, 10 + i)])),
    routerIps: rsSubnet ? [nth(rsSubnet, 4), nth(rsSubnet, 5)] : [],
    fabric: {
      internet: withLength(nth(INTERNET, 1), INTERNET),
      outside: withLength(nth(t.providerVnet.outsideSubnet.prefix, 1), t.providerVnet.outsideSubnet.prefix),
      inside: withLength(nth(t.providerVnet.insideSubnet.prefix, 1), t.providerVnet.insideSubnet.prefix),
      routeServer: rsSubnet ? withLength(nth(rsSubnet, 1), rsSubnet) : null,
    },
  };
}
