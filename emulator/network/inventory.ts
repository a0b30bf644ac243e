// Index over the stored ARM resources. ARM ids are case-insensitive, and the
// store may hold child resources (subnets, NSG rules, hub ipConfigurations
// and bgpConnections) as their own entries, nested in their parent's
// properties, or both: the inventory answers from either.
import type { StoredResource } from "./types.js";

export const TYPES = {
  vnet: "microsoft.network/virtualnetworks",
  subnet: "microsoft.network/virtualnetworks/subnets",
  publicIp: "microsoft.network/publicipaddresses",
  nic: "microsoft.network/networkinterfaces",
  nsg: "microsoft.network/networksecuritygroups",
  nsgRule: "microsoft.network/networksecuritygroups/securityrules",
  gateway: "microsoft.network/virtualnetworkgateways",
  localGateway: "microsoft.network/localnetworkgateways",
  connection: "microsoft.network/connections",
  hub: "microsoft.network/virtualhubs",
  hubIpConfiguration: "microsoft.network/virtualhubs/ipconfigurations",
  hubBgpConnection: "microsoft.network/virtualhubs/bgpconnections",
  vm: "microsoft.compute/virtualmachines",
} as const;

/** Nested children that some stores keep only inside their parent. */
const NESTED_CHILDREN: { parentType: string; property: string; childType: string }[] = [
  { parentType: TYPES.vnet, property: "subnets", childType: TYPES.subnet },
  { parentType: TYPES.nsg, property: "securityRules", childType: TYPES.nsgRule },
];

export function idKey(id: string): string {
  return id.toLowerCase();
}

/** "/…/virtualNetworks/v/subnets/s" -> "/…/virtualNetworks/v". */
export function parentId(id: string): string {
  return id.split("/").slice(0, -2).join("/");
}

export function isSucceeded(resource: StoredResource): boolean {
  const state = resource.properties?.provisioningState;
  return state === undefined || String(state).toLowerCase() === "succeeded";
}

export function provisioningStateOf(resource: StoredResource): string {
  return String(resource.properties?.provisioningState ?? "Succeeded");
}

export class Inventory {
  private readonly byId = new Map<string, StoredResource>();

  constructor(resources: StoredResource[]) {
    for (const r of resources) this.byId.set(idKey(r.id), r);
    for (const r of resources) {
      for (const nested of NESTED_CHILDREN) {
        if (r.type.toLowerCase() !== nested.parentType) continue;
        const children = r.properties?.[nested.property];
        if (!Array.isArray(children)) continue;
        for (const child of children) {
          if (!child || typeof child.id !== "string" || this.byId.has(idKey(child.id))) continue;
          this.byId.set(idKey(child.id), { type: nested.childType, name: String(child.name ?? ""), properties: {}, ...child });
        }
      }
    }
  }

  get(id: unknown): StoredResource | undefined {
    return typeof id === "string" ? this.byId.get(idKey(id)) : undefined;
  }

  ofType(type: string): StoredResource[] {
    const wanted = type.toLowerCase();
    return [...this.byId.values()].filter((r) => r.type.toLowerCase() === wanted).sort((a, b) => idKey(a.id).localeCompare(idKey(b.id)));
  }

  /** Children of `parent` of a given type, found by id prefix or by the parent's list of ids. */
  childrenOf(parent: StoredResource, childType: string, listProperty?: string): StoredResource[] {
    const prefix = idKey(parent.id) + "/";
    const found = new Map<string, StoredResource>();
    for (const r of this.ofType(childType)) if (idKey(r.id).startsWith(prefix)) found.set(idKey(r.id), r);
    const listed = listProperty ? parent.properties?.[listProperty] : undefined;
    if (Array.isArray(listed)) {
      for (const ref of listed) {
        const r = this.get(ref?.id);
        if (r) found.set(idKey(r.id), r);
      }
    }
    return [...found.values()].sort((a, b) => idKey(a.id).localeCompare(idKey(b.id)));
  }

  publicIpAddress(publicIpRef: unknown): string | undefined {
    const id = (publicIpRef as { id?: unknown } | undefined)?.id;
    const pip = this.get(id);
    const address = pip?.properties?.ipAddress;
    return typeof address === "string" ? address : undefined;
  }

  /** Address prefixes of a subnet (addressPrefix or addressPrefixes). */
  subnetPrefixes(subnetId: unknown): string[] {
    const subnet = this.get(subnetId);
    if (!subnet) return [];
    const p = subnet.properties ?? {};
    if (Array.isArray(p.addressPrefixes)) return p.addressPrefixes.filter((x: unknown): x is string => typeof x === "string");
    return typeof p.addressPrefix === "string" ? [p.addressPrefix] : [];
  }

  /** The VNet that owns a subnet. */
  vnetOfSubnet(subnetId: unknown): StoredResource | undefined {
    return typeof subnetId === "string" ? this.get(parentId(subnetId)) : undefined;
  }

  vnetAddressSpace(vnet: StoredResource | undefined): string[] {
    const prefixes = vnet?.properties?.addressSpace?.addressPrefixes;
    return Array.isArray(prefixes) ? prefixes.filter((x: unknown): x is string => typeof x === "string") : [];
  }
}
