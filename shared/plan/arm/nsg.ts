// The NSG on every NVA outside NIC: IKE (UDP 500), NAT-T (UDP 4500) and ESP,
// from the gateway's two public IPs only. Those addresses exist only once the
// public IPs are allocated, so the rules carry placeholders and the NSG waits
// for both gateway public IPs.
import { slot } from "../placeholder-slots.js";
import type { PlannedResource, Topology } from "../types.js";
import { ids } from "./ids.js";
import { planned } from "./resource.js";

/** User rule priorities must be 100-4096; start at the bottom and leave gaps for hand-added rules. */
const FIRST_PRIORITY = 100;
const PRIORITY_STEP = 10;

const RULES = [
  { name: "allow-ike-udp-500", protocol: "Udp", port: "500" },
  { name: "allow-nat-t-udp-4500", protocol: "Udp", port: "4500" },
  // ESP has no ports: "*" is the only value ARM accepts for it.
  { name: "allow-esp", protocol: "Esp", port: "*" },
] as const;

export function nvaOutsideNsg(topo: Topology): PlannedResource {
  const gatewayIps = topo.gateway.instances.map((i) => slot.publicIp(i.publicIpName));
  return planned(
    "Microsoft.Network/networkSecurityGroups",
    ids.nsg(topo, topo.nsgName),
    // The rules' source addresses are the gateway public IPs' allocated addresses.
    topo.gateway.instances.map((i) => ids.publicIp(topo, i.publicIpName)),
    {
      location: topo.location,
      tags: topo.tags,
      properties: {
        securityRules: RULES.map((r, k) => ({
          name: r.name,
          properties: {
            protocol: r.protocol,
            sourceAddressPrefixes: gatewayIps,
            sourcePortRange: "*",
            destinationAddressPrefix: "*",
            destinationPortRange: r.port,
            access: "Allow",
            direction: "Inbound",
            priority: FIRST_PRIORITY + k * PRIORITY_STEP,
          },
        })),
      },
    },
  );
}
