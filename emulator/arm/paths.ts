// ARM request paths, taken apart: which resource (or collection, or child),
// and which action after it.
export interface ArmPath {
  subscriptionId: string;
  resourceGroup: string;
  /** e.g. Microsoft.Network/virtualNetworks or Microsoft.Network/virtualHubs/bgpConnections */
  type: string;
  /** The resource id (lower-case for the store key is up to the caller); null for a collection. */
  id: string | null;
  /** The collection's parent id for child collections (…/virtualHubs/h/bgpConnections). */
  parentId: string | null;
  name: string | null;
  /** Segments after the resource: ["getBgpPeerStatus"], ["sharedkey","reset"], ... */
  action: string[];
}

/** Child collections ARM addresses under a parent, with their type names. */
const CHILDREN: Record<string, string[]> = {
  "microsoft.network/virtualnetworks": ["subnets"],
  "microsoft.network/virtualhubs": ["ipConfigurations", "bgpConnections"],
};

export function parseArmPath(pathname: string): ArmPath | null {
  const seg = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  if (seg[0]?.toLowerCase() !== "subscriptions" || seg[2]?.toLowerCase() !== "resourcegroups" || seg[4]?.toLowerCase() !== "providers") return null;
  const [, sub, , rg, , ns, t1, n1, ...rest] = seg;
  if (!sub || !rg || !ns || !t1) return null;
  const base = `/subscriptions/${sub}/resourceGroups/${rg}/providers/${ns}/${t1}`;
  const type1 = `${ns}/${t1}`;
  if (!n1) return { subscriptionId: sub, resourceGroup: rg, type: type1, id: null, parentId: null, name: null, action: [] };
  const childNames = CHILDREN[type1.toLowerCase()] ?? [];
  const child = rest[0] ? childNames.find((c) => c.toLowerCase() === rest[0]!.toLowerCase()) : undefined;
  if (child) {
    const parentId = `${base}/${n1}`;
    const type = `${type1}/${child}`;
    if (!rest[1]) return { subscriptionId: sub, resourceGroup: rg, type, id: null, parentId, name: null, action: [] };
    return { subscriptionId: sub, resourceGroup: rg, type, id: `${parentId}/${child}/${rest[1]}`, parentId, name: rest[1], action: rest.slice(2) };
  }
  return { subscriptionId: sub, resourceGroup: rg, type: type1, id: `${base}/${n1}`, parentId: null, name: n1, action: rest };
}
