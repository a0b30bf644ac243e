// The NSG on every NVA inside NIC. The inside NIC faces the provider side
// only: BGP with Route Server, and the traffic the NVA forwards between the
// tunnels and the provider networks. So it admits exactly that and denies the
// rest, both ways — in particular Azure's default AllowVnetInBound, whose
// VirtualNetwork tag also spans the client side and anything else the VNet
// learns routes to. BGP (TCP 179) is allowed with the RouteServerSubnet only
// and denied with any other address, provider VNet included, before the
// provider allow: only Route Server may peer with the NVA from the inside.
// All prefixes are known at plan time, so the NSG waits for nothing.
import type { PlannedResource, Topology } from "../types.js";
import { ids } from "./ids.js";
import { planned } from "./resource.js";

const BGP_PORT = "179";
/** User rule priorities are 100-4096: the allows and the BGP deny from the bottom, the catch-all deny at the top. */
const FIRST_PRIORITY = 100;
const PRIORITY_STEP = 10;
const DENY_ALL_PRIORITY = 4096;

interface Rule {
  name: string;
  direction: "Inbound" | "Outbound";
  access: "Allow" | "Deny";
  protocol: "Tcp" | "*";
  /** The far end: the source of an inbound rule, the destination of an outbound one. */
  remote: string[];
  port: string;
}

/** The provider networks the NVA forwards to and from: the provider VNet, and what it advertises for the provider side. */
export function providerPrefixes(topo: Topology): string[] {
  return [...new Set([...topo.providerVnet.addressSpace, ...topo.advertise.provider])];
}

function rulesFor(direction: "Inbound" | "Outbound", topo: Topology): Rule[] {
  const way = direction === "Inbound" ? "from" : "to";
  const rs = topo.providerVnet.routeServerSubnetPrefix;
  const bgp: Rule[] = rs
    ? [
        { name: `allow-bgp-${way}-route-server`, direction, access: "Allow", protocol: "Tcp", remote: [rs], port: BGP_PORT },
        { name: `deny-bgp-${way}-others`, direction, access: "Deny", protocol: "Tcp", remote: ["*"], port: BGP_PORT },
      ]
    : [];
  return [
    ...bgp,
    { name: `allow-provider-networks-${direction.toLowerCase()}`, direction, access: "Allow", protocol: "*", remote: providerPrefixes(topo), port: "*" },
  ];
}

/** `<side>AddressPrefix` for one prefix, `<side>AddressPrefixes` for several (ARM takes either, not both). */
function addresses(side: "source" | "destination", prefixes: string[]): Record<string, string | string[]> {
  return prefixes.length === 1 ? { [`${side}AddressPrefix`]: prefixes[0]! } : { [`${side}AddressPrefixes`]: prefixes };
}

function securityRule(rule: Rule, priority: number) {
  const inbound = rule.direction === "Inbound";
  return {
    name: rule.name,
    properties: {
      protocol: rule.protocol,
      ...addresses("source", inbound ? rule.remote : ["*"]),
      sourcePortRange: "*",
      ...addresses("destination", inbound ? ["*"] : rule.remote),
      destinationPortRange: rule.port,
      access: rule.access,
      direction: rule.direction,
      priority,
    },
  };
}

export function nvaInsideNsg(topo: Topology): PlannedResource {
  const rules = (["Inbound", "Outbound"] as const).flatMap((direction) => [
    ...rulesFor(direction, topo).map((r, k) => securityRule(r, FIRST_PRIORITY + k * PRIORITY_STEP)),
    securityRule({ name: `deny-all-${direction.toLowerCase()}`, direction, access: "Deny", protocol: "*", remote: ["*"], port: "*" }, DENY_ALL_PRIORITY),
  ]);
  return planned("Microsoft.Network/networkSecurityGroups", ids.nsg(topo, topo.insideNsgName), [], {
    location: topo.location,
    tags: topo.tags,
    properties: { securityRules: rules },
  });
}
