// NSG evaluation for the flows the model cares about: IKE/NAT-T from a
// gateway instance to an NVA's outside NIC (inbound), and BGP between an
// NVA's inside NIC and Route Server (either way). A packet to a NIC passes the
// subnet's NSG, then the NIC's; a packet from a NIC the NIC's, then the
// subnet's; in each, the rules of that direction are read in priority order
// and the first match decides.
import { Inventory } from "./inventory.js";
import { addressMatchesCidrOrIp, parseCidr, parseIpv4, prefixContains } from "./ipv4.js";

export interface InboundFlow {
  protocol: "Udp" | "Tcp";
  sourceIp: string;
  destinationIp: string;
  destinationPort: number;
  sourcePort?: number;
}

export interface NsgVerdict {
  allowed: boolean;
  /** "nsg-c8k/deny-ike (priority 100)" */
  decidedBy: string;
}

type Direction = "Inbound" | "Outbound";

/** Azure's default rules, used when the stored NSG does not list those of a direction. */
const DEFAULT_INBOUND_RULES = [
  { name: "AllowVnetInBound", properties: { priority: 65000, direction: "Inbound", access: "Allow", protocol: "*", sourceAddressPrefix: "VirtualNetwork", destinationAddressPrefix: "VirtualNetwork", sourcePortRange: "*", destinationPortRange: "*" } },
  { name: "AllowAzureLoadBalancerInBound", properties: { priority: 65001, direction: "Inbound", access: "Allow", protocol: "*", sourceAddressPrefix: "AzureLoadBalancer", destinationAddressPrefix: "*", sourcePortRange: "*", destinationPortRange: "*" } },
  { name: "DenyAllInBound", properties: { priority: 65500, direction: "Inbound", access: "Deny", protocol: "*", sourceAddressPrefix: "*", destinationAddressPrefix: "*", sourcePortRange: "*", destinationPortRange: "*" } },
];
const DEFAULT_OUTBOUND_RULES = [
  { name: "AllowVnetOutBound", properties: { priority: 65000, direction: "Outbound", access: "Allow", protocol: "*", sourceAddressPrefix: "VirtualNetwork", destinationAddressPrefix: "VirtualNetwork", sourcePortRange: "*", destinationPortRange: "*" } },
  { name: "AllowInternetOutBound", properties: { priority: 65001, direction: "Outbound", access: "Allow", protocol: "*", sourceAddressPrefix: "*", destinationAddressPrefix: "Internet", sourcePortRange: "*", destinationPortRange: "*" } },
  { name: "DenyAllOutBound", properties: { priority: 65500, direction: "Outbound", access: "Deny", protocol: "*", sourceAddressPrefix: "*", destinationAddressPrefix: "*", sourcePortRange: "*", destinationPortRange: "*" } },
];
const DEFAULT_RULES: Record<Direction, unknown[]> = { Inbound: DEFAULT_INBOUND_RULES, Outbound: DEFAULT_OUTBOUND_RULES };

/** Evaluate every NSG on the path into a NIC (all must allow). `nsgIds` as NvaNic lists them: the subnet's, then the NIC's. `vnetPrefixes` give the VirtualNetwork service tag its meaning. */
export function evaluateInbound(inventory: Inventory, nsgIds: string[], flow: InboundFlow, vnetPrefixes: string[]): NsgVerdict {
  return evaluatePath(inventory, nsgIds, flow, vnetPrefixes, "Inbound");
}

/** The same for a packet leaving a NIC: its NSG first, then its subnet's (`nsgIds` in NvaNic's order). */
export function evaluateOutbound(inventory: Inventory, nsgIds: string[], flow: InboundFlow, vnetPrefixes: string[]): NsgVerdict {
  return evaluatePath(inventory, [...nsgIds].reverse(), flow, vnetPrefixes, "Outbound");
}

function evaluatePath(inventory: Inventory, nsgIds: string[], flow: InboundFlow, vnetPrefixes: string[], direction: Direction): NsgVerdict {
  for (const nsgId of nsgIds) {
    const nsg = inventory.get(nsgId);
    if (!nsg) continue;
    const verdict = evaluateOne(inventory, nsg, flow, vnetPrefixes, direction);
    if (!verdict.allowed) return verdict;
  }
  return { allowed: true, decidedBy: nsgIds.length === 0 ? "no NSG" : "allowed" };
}

const ofDirection = (direction: Direction) => (r: any) => String(r?.properties?.direction ?? "").toLowerCase() === direction.toLowerCase();

function evaluateOne(inventory: Inventory, nsg: { id: string; name: string; properties: Record<string, any> }, flow: InboundFlow, vnetPrefixes: string[], direction: Direction): NsgVerdict {
  const userRules = inventory.childrenOf(nsg as any, "Microsoft.Network/networkSecurityGroups/securityRules");
  const stored = Array.isArray(nsg.properties.defaultSecurityRules) ? nsg.properties.defaultSecurityRules.filter(ofDirection(direction)) : [];
  const defaults = stored.length > 0 ? stored : DEFAULT_RULES[direction];
  const rules = [...userRules, ...defaults]
    .filter(ofDirection(direction))
    .sort((a: any, b: any) => Number(a.properties.priority) - Number(b.properties.priority));
  for (const rule of rules as any[]) {
    const p = rule.properties;
    if (!protocolMatches(p.protocol, flow.protocol)) continue;
    if (!addressesMatch(p.sourceAddressPrefix, p.sourceAddressPrefixes, flow.sourceIp, vnetPrefixes)) continue;
    if (!addressesMatch(p.destinationAddressPrefix, p.destinationAddressPrefixes, flow.destinationIp, vnetPrefixes)) continue;
    if (!portsMatch(p.destinationPortRange, p.destinationPortRanges, flow.destinationPort)) continue;
    if (flow.sourcePort !== undefined && !portsMatch(p.sourcePortRange, p.sourcePortRanges, flow.sourcePort)) continue;
    const allowed = String(p.access).toLowerCase() === "allow";
    return { allowed, decidedBy: `${nsg.name}/${rule.name} (priority ${p.priority})` };
  }
  return { allowed: false, decidedBy: `${nsg.name} (no rule matched)` };
}

function protocolMatches(ruleProtocol: unknown, protocol: string): boolean {
  const p = String(ruleProtocol ?? "*").toLowerCase();
  return p === "*" || p === protocol.toLowerCase();
}

function addressesMatch(single: unknown, list: unknown, ip: string, vnetPrefixes: string[]): boolean {
  const entries = [single, ...(Array.isArray(list) ? list : [])].filter((x): x is string => typeof x === "string" && x.length > 0);
  return entries.some((e) => addressMatches(e, ip, vnetPrefixes));
}

function inVnet(ip: string, vnetPrefixes: string[]): boolean {
  const address = parseIpv4(ip);
  return address !== null && vnetPrefixes.some((p) => {
    const prefix = parseCidr(p);
    return prefix !== null && prefixContains(prefix, address);
  });
}

function addressMatches(entry: string, ip: string, vnetPrefixes: string[]): boolean {
  const e = entry.trim();
  const lower = e.toLowerCase();
  if (lower === "*" || lower === "any" || lower === "0.0.0.0/0") return true;
  if (lower === "internet") return !inVnet(ip, vnetPrefixes);
  if (lower === "virtualnetwork") return inVnet(ip, vnetPrefixes);
  if (lower === "azureloadbalancer") return ip === "168.63.129.16";
  const address = parseIpv4(ip);
  return address !== null && addressMatchesCidrOrIp(address, e);
}

function portsMatch(single: unknown, list: unknown, port: number): boolean {
  const entries = [single, ...(Array.isArray(list) ? list : [])].filter((x): x is string | number => (typeof x === "string" && x.length > 0) || typeof x === "number");
  if (entries.length === 0) return true;
  return entries.some((e) => {
    const text = String(e).trim();
    if (text === "*") return true;
    const range = /^(\d+)\s*-\s*(\d+)$/.exec(text);
    if (range) return port >= Number(range[1]) && port <= Number(range[2]);
    return Number(text) === port;
  });
}
