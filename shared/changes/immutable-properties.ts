// Which property changes Azure refuses to make in place, for the types Bowtie
// writes: such a change is a replace (delete, then create), never a PUT.
// Paths are the SDK model's (flattened `properties`), as the comparison
// (shared/drift/compare.ts) reports them; an array element's key in brackets
// is ignored. Sources: Microsoft Learn and ARM's PropertyChangeNotAllowed
// answers:
// - VM: zones and the image are fixed at creation; customData (here: its hash
//   tag, customData is never read back) and the rest of osProfile (computer
//   name, admin user, SSH keys) are refused on an existing VM; the primary
//   NIC cannot change, so the NIC list is treated as fixed. vmSize is NOT
//   here: a resize is an in-place update (the VM restarts).
// - Public IP: SKU, zones, IP version and (Standard SKU) allocation method.
// - NIC: an ipConfiguration cannot move to a subnet of another virtual network.
// - VPN gateway: gateway type, VPN type and generation; a SKU within its family
//   (VpnGw1AZ -> VpnGw2AZ) is an in-place resize, across families (AZ <-> non-AZ,
//   Basic) it is not.
// - Connection: its type and the two ends it joins.
// - Everything: location.
import { CONFIG_HASH_TAG } from "../plan/arm/config-hash.js";

const IMMUTABLE: Record<string, RegExp[]> = {
  "Microsoft.Compute/virtualMachines": [
    /^zones$/,
    new RegExp(`^tags\\.${CONFIG_HASH_TAG}$`),
    /^osProfile\./,
    /^storageProfile\.imageReference/,
    /^plan(\.|$)/,
    /^networkProfile\./,
  ],
  "Microsoft.Network/publicIPAddresses": [/^sku(\.|$)/, /^zones$/, /^publicIPAddressVersion$/, /^publicIPAllocationMethod$/],
  "Microsoft.Network/networkInterfaces": [/^ipConfigurations\[[^\]]*\]\.subnet\.id$/],
  "Microsoft.Network/virtualNetworkGateways": [/^gatewayType$/, /^vpnType$/, /^vpnGatewayGeneration$/],
  "Microsoft.Network/connections": [/^connectionType$/, /^virtualNetworkGateway1(\.|$)/, /^localNetworkGateway2(\.|$)/],
};

const SKU_FAMILY = (sku: string) => (/^Basic$/i.test(sku) ? "basic" : /AZ$/i.test(sku) ? "az" : "regional");
const vnetOf = (subnetId: unknown) => (typeof subnetId === "string" ? subnetId.toLowerCase().replace(/\/subnets\/[^/]+$/, "") : null);

/** Does changing `path` from `actual` to `expected` on a resource of `type` need a replace? */
export function needsReplace(type: string, path: string, expected: unknown, actual: unknown): boolean {
  if (path === "location") return true;
  if (type === "Microsoft.Network/virtualNetworkGateways" && /^sku\.(name|tier)$/.test(path)) {
    return typeof expected === "string" && typeof actual === "string" && SKU_FAMILY(expected) !== SKU_FAMILY(actual);
  }
  if (type === "Microsoft.Network/networkInterfaces" && /\.subnet\.id$/.test(path)) return vnetOf(expected) !== vnetOf(actual);
  return (IMMUTABLE[type] ?? []).some((re) => re.test(path));
}
