// The parts of a virtual network gateway, its connections and local network
// gateways that decide tunnels and BGP sessions, read from ARM wire JSON.
import { idKey, Inventory, parentId, provisioningStateOf } from "./inventory.js";
import type { StoredResource } from "./types.js";

export interface GatewayInstance {
  index: 0 | 1;
  ipConfigurationId: string;
  /** The instance's public IP (the tunnel endpoint). */
  publicIp?: string;
  customBgpIps: string[];
  defaultBgpIps: string[];
}

export interface GatewayView {
  resource: StoredResource;
  asn: number;
  enableBgp: boolean;
  instances: GatewayInstance[];
  /** Address space of the VNet that holds the gateway's GatewaySubnet. */
  vnetPrefixes: string[];
}

export interface ConnectionView {
  resource: StoredResource;
  localGateway?: StoredResource;
  /** localNetworkGateway2 bgpSettings. */
  lngAsn?: number;
  lngBgpAddress?: string;
  lngGatewayIp?: string;
}

export function readGateways(inventory: Inventory): GatewayView[] {
  return inventory
    .ofType("Microsoft.Network/virtualNetworkGateways")
    .filter((g) => String(g.properties?.gatewayType ?? "Vpn").toLowerCase() === "vpn")
    .map((g) => readGateway(inventory, g));
}

function readGateway(inventory: Inventory, g: StoredResource): GatewayView {
  const p = g.properties ?? {};
  const ipConfigs: any[] = Array.isArray(p.ipConfigurations) ? p.ipConfigurations : [];
  const peering: any[] = Array.isArray(p.bgpSettings?.bgpPeeringAddresses) ? p.bgpSettings.bgpPeeringAddresses : [];
  // One instance per ipConfiguration in active-active mode, otherwise one.
  const count = p.activeActive === false ? Math.min(1, ipConfigs.length) : Math.min(2, ipConfigs.length);
  const instances: GatewayInstance[] = [];
  for (let i = 0; i < count; i++) {
    const cfg = ipConfigs[i];
    const ipConfigurationId = String(cfg?.id ?? `${g.id}/ipConfigurations/${cfg?.name ?? i}`);
    const bgp = peering.find((b) => typeof b?.ipconfigurationId === "string" && idKey(b.ipconfigurationId) === idKey(ipConfigurationId));
    const publicIp = inventory.publicIpAddress(cfg?.properties?.publicIPAddress) ?? (Array.isArray(bgp?.tunnelIpAddresses) ? bgp.tunnelIpAddresses[0] : undefined);
    instances.push({
      index: i as 0 | 1,
      ipConfigurationId,
      ...(typeof publicIp === "string" ? { publicIp } : {}),
      customBgpIps: Array.isArray(bgp?.customBgpIpAddresses) ? bgp.customBgpIpAddresses.map(String) : [],
      defaultBgpIps: Array.isArray(bgp?.defaultBgpIpAddresses) ? bgp.defaultBgpIpAddresses.map(String) : [],
    });
  }
  const subnetId = ipConfigs[0]?.properties?.subnet?.id;
  return {
    resource: g,
    asn: Number(p.bgpSettings?.asn ?? 65515),
    enableBgp: p.enableBgp === true,
    instances,
    vnetPrefixes: inventory.vnetAddressSpace(typeof subnetId === "string" ? inventory.get(parentId(subnetId)) : undefined),
  };
}

/** The gateway's IPsec connections to local network gateways, in id order. */
export function readConnections(inventory: Inventory, gateway: GatewayView): ConnectionView[] {
  return inventory
    .ofType("Microsoft.Network/connections")
    .filter((c) => idKey(String(c.properties?.virtualNetworkGateway1?.id ?? "")) === idKey(gateway.resource.id))
    .filter((c) => String(c.properties?.connectionType ?? "IPsec").toLowerCase() === "ipsec")
    .map((c) => {
      const lng = inventory.get(c.properties?.localNetworkGateway2?.id);
      const bgp = lng?.properties?.bgpSettings;
      return {
        resource: c,
        ...(lng ? { localGateway: lng } : {}),
        ...(bgp?.asn !== undefined ? { lngAsn: Number(bgp.asn) } : {}),
        ...(typeof bgp?.bgpPeeringAddress === "string" ? { lngBgpAddress: bgp.bgpPeeringAddress } : {}),
        ...(typeof lng?.properties?.gatewayIpAddress === "string" ? { lngGatewayIp: lng.properties.gatewayIpAddress } : {}),
      };
    });
}

/** The gateway's address for this connection's BGP session on one instance: the selected custom APIPA address, else the instance's default BGP IP. */
export function sessionLocalAddress(connection: ConnectionView, instance: GatewayInstance): { address?: string; selectedCustom: boolean } {
  const entries: any[] = Array.isArray(connection.resource.properties?.gatewayCustomBgpIpAddresses) ? connection.resource.properties.gatewayCustomBgpIpAddresses : [];
  const entry = entries.find((e) => typeof e?.ipConfigurationId === "string" && idKey(e.ipConfigurationId) === idKey(instance.ipConfigurationId));
  if (typeof entry?.customBgpIpAddress === "string") return { address: entry.customBgpIpAddress, selectedCustom: true };
  const fallback = instance.defaultBgpIps[0];
  return { ...(fallback ? { address: fallback } : {}), selectedCustom: false };
}

export function describeState(resource: StoredResource): string {
  return `${resource.name} is ${provisioningStateOf(resource)}`;
}
