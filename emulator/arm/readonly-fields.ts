// What ARM fills in on a write (stamp) and on a read (view). Values that
// depend on other resources — a gateway's tunnel IPs, Route Server's router
// IPs, connection and peering status — are computed when read, so they
// follow the other resources as they change.
import { randomUUID } from "node:crypto";
import type { NetworkState, StoredResource } from "../network/types.js";
import { bgpConnectionState, connectionStatus } from "../network/outcome.js";
import { hostAt, macAddress, publicIpAt } from "./addresses.js";
import { resourceGroupOf, type ArmStore, type Entry } from "./store.js";

const etag = () => `W/"${randomUUID()}"`;
const lower = (s: string) => s.toLowerCase();

const HAS_GUID = new Set(
  ["virtualNetworks", "publicIPAddresses", "networkSecurityGroups", "networkInterfaces", "virtualNetworkGateways", "localNetworkGateways", "connections"].map(
    (t) => `microsoft.network/${t.toLowerCase()}`,
  ),
);

/** Give named sub-objects (subnets, ipConfigurations, rules) their ARM ids, types and etags. */
function stampChildren(resource: StoredResource, key: string, childType: string): void {
  const list = resource.properties[key];
  if (!Array.isArray(list)) return;
  for (const c of list) {
    if (!c || typeof c !== "object" || typeof c.name !== "string") continue;
    c.id = `${resource.id}/${key}/${c.name}`;
    c.etag = etag();
    c.type = `${resource.type}/${childType}`;
    c.properties = { ...(c.properties ?? {}), provisioningState: "Succeeded" };
  }
}

// The six rules every NSG has (ARM-FACTS §1.2), shown as defaultSecurityRules.
const DEFAULT_NSG_RULES: Array<[string, string, number, string, string, string]> = [
  ["AllowVnetInBound", "Inbound", 65000, "VirtualNetwork", "VirtualNetwork", "Allow"],
  ["AllowAzureLoadBalancerInBound", "Inbound", 65001, "AzureLoadBalancer", "*", "Allow"],
  ["DenyAllInBound", "Inbound", 65500, "*", "*", "Deny"],
  ["AllowVnetOutBound", "Outbound", 65000, "VirtualNetwork", "VirtualNetwork", "Allow"],
  ["AllowInternetOutBound", "Outbound", 65001, "*", "Internet", "Allow"],
  ["DenyAllOutBound", "Outbound", 65500, "*", "*", "Deny"],
];

/** Defaults ARM fills in when a body leaves them out (the published GET examples show them). */
function applyDefaults(resource: StoredResource, t: string): void {
  const p = resource.properties;
  const put = (k: string, v: unknown) => {
    if (p[k] === undefined) p[k] = v;
  };
  if (t === "microsoft.network/virtualnetworkgateways") {
    for (const [k, v] of Object.entries({ enablePrivateIpAddress: false, disableIPSecReplayProtection: false, allowRemoteVnetTraffic: false, allowVirtualWanTraffic: false, enableBgpRouteTranslationForNat: false, natRules: [] })) put(k, v);
    if (p.sku) p.sku.capacity ??= 2;
    if (p.bgpSettings) p.bgpSettings.peerWeight ??= 0;
  }
  if (t === "microsoft.network/connections") {
    for (const [k, v] of Object.entries({ ingressNatRules: [], egressNatRules: [], useLocalAzureIpAddress: false, trafficSelectorPolicies: [], ipsecPolicies: [], connectionMode: "Default", ingressBytesTransferred: 0, egressBytesTransferred: 0 })) put(k, v);
  }
  if (t === "microsoft.network/publicipaddresses") put("idleTimeoutInMinutes", 4);
  if (t === "microsoft.network/networkinterfaces") {
    for (const [k, v] of Object.entries({ enableAcceleratedNetworking: false, disableTcpStateTracking: false, vnetEncryptionSupported: false, dnsSettings: { dnsServers: [], appliedDnsServers: [] } })) put(k, v);
  }
  if (t === "microsoft.network/networksecuritygroups") {
    p.defaultSecurityRules = DEFAULT_NSG_RULES.map(([name, direction, priority, src, dst, access]) => ({
      name,
      id: `${resource.id}/defaultSecurityRules/${name}`,
      properties: { provisioningState: "Succeeded", description: `Default rule ${name}`, protocol: "*", sourcePortRange: "*", destinationPortRange: "*", sourceAddressPrefix: src, destinationAddressPrefix: dst, access, priority, direction },
    }));
  }
}

/** Fill the read-only fields of a resource being written. `previous` keeps what must not change (resourceGuid, allocated IPs). */
export function stamp(store: ArmStore, resource: StoredResource, previous: StoredResource | undefined): void {
  const t = lower(resource.type);
  resource.etag = etag();
  applyDefaults(resource, t);
  if (HAS_GUID.has(t)) resource.properties.resourceGuid = previous?.properties.resourceGuid ?? randomUUID();
  if (t === "microsoft.network/publicipaddresses") {
    resource.properties.ipAddress = previous?.properties.ipAddress ?? publicIpAt(store.nextPublicIp++);
    resource.properties.publicIPAddressVersion ??= "IPv4";
  }
  if (t === "microsoft.network/virtualnetworks") stampChildren(resource, "subnets", "subnets");
  if (t === "microsoft.network/networksecuritygroups") stampChildren(resource, "securityRules", "securityRules");
  if (t === "microsoft.network/networkinterfaces") {
    stampChildren(resource, "ipConfigurations", "ipConfigurations");
    resource.properties.macAddress = previous?.properties.macAddress ?? macAddress(store.entries.size + 1);
  }
  if (t === "microsoft.network/virtualnetworkgateways") stampChildren(resource, "ipConfigurations", "ipConfigurations");
  if (t === "microsoft.compute/virtualmachines") resource.properties.vmId = previous?.properties.vmId ?? randomUUID();
}

function subnetPrefix(store: ArmStore, subnetId: string): string | null {
  const vnetId = subnetId.replace(/\/subnets\/[^/]+$/i, "");
  const vnet = store.get(vnetId);
  const name = subnetId.split("/").pop()!.toLowerCase();
  const s = (vnet?.resource.properties.subnets ?? []).find((x: any) => lower(x.name) === name);
  return s?.properties?.addressPrefix ?? s?.properties?.addressPrefixes?.[0] ?? null;
}

/** Read-only fields that depend on other resources, as a GET shows them now. */
export function enrich(store: ArmStore, entry: Entry): StoredResource {
  const r = structuredClone(entry.resource);
  r.properties.provisioningState = entry.phase;
  const t = lower(r.type);
  if (t === "microsoft.network/virtualnetworkgateways") {
    const configs: any[] = r.properties.ipConfigurations ?? [];
    const gwSubnet = configs[0]?.properties?.subnet?.id ? subnetPrefix(store, configs[0].properties.subnet.id) : null;
    configs.forEach((c, i) => {
      if (gwSubnet) c.properties.privateIPAddress = hostAt(gwSubnet, 4 + i);
    });
    const bgp = (r.properties.bgpSettings ??= {});
    const peering: any[] = (bgp.bgpPeeringAddresses ??= []);
    configs.forEach((c, i) => {
      let p = peering.find((x) => lower(x.ipconfigurationId ?? "") === lower(c.id));
      if (!p) peering.push((p = { ipconfigurationId: c.id, customBgpIpAddresses: [] }));
      p.defaultBgpIpAddresses = gwSubnet ? [hostAt(gwSubnet, 4 + i)] : [];
      const pip = c.properties?.publicIPAddress?.id ? store.get(c.properties.publicIPAddress.id) : undefined;
      p.tunnelIpAddresses = pip?.resource.properties.ipAddress ? [pip.resource.properties.ipAddress] : [];
    });
    bgp.bgpPeeringAddress = peering.flatMap((p) => p.defaultBgpIpAddresses).join(",");
  }
  if (t === "microsoft.network/virtualhubs") {
    const ipconfig = store.childrenOf(r.id).find((c) => lower(c.resource.type).endsWith("/ipconfigurations"));
    const subnetId = ipconfig?.resource.properties.subnet?.id;
    const prefix = ipconfig?.phase === "Succeeded" && subnetId ? subnetPrefix(store, subnetId) : null;
    r.properties.virtualRouterAsn = 65515;
    r.properties.virtualRouterIps = prefix ? [hostAt(prefix, 4), hostAt(prefix, 5)] : [];
    r.properties.routingState = prefix ? "Provisioned" : ipconfig ? "Provisioning" : "None";
    r.properties.ipConfigurations = ipconfig ? [{ id: ipconfig.resource.id }] : [];
    r.properties.bgpConnections = store.childrenOf(r.id).filter((c) => lower(c.resource.type).endsWith("/bgpconnections")).map((c) => ({ id: c.resource.id }));
  }
  if (t === "microsoft.network/networkinterfaces") {
    const vm = store.ofType("Microsoft.Compute/virtualMachines", resourceGroupOf(r.id)).find((v) =>
      (v.resource.properties.networkProfile?.networkInterfaces ?? []).some((n: any) => lower(n.id ?? "") === lower(r.id)),
    );
    if (vm) r.properties.virtualMachine = { id: vm.resource.id };
  }
  return r;
}

/** Status that comes from the network model (connections, Route Server peerings). */
export function withNetworkStatus(r: StoredResource, state: NetworkState): StoredResource {
  const t = lower(r.type);
  if (t === "microsoft.network/connections") {
    const s = connectionStatus(state, r.id);
    r.properties.connectionStatus = s.connectionStatus;
    const gateway = r.properties.virtualNetworkGateway1?.id as string | undefined;
    // One entry per gateway instance, in instance order (the `tunnel` label's format in Azure is unconfirmed).
    r.properties.tunnelConnectionStatus = [...s.tunnels]
      .sort((a, b) => a.instance - b.instance)
      .map((x) => ({ tunnel: `${gateway?.split("/").pop() ?? "gateway"}_instance${x.instance}`, connectionStatus: x.state, ingressBytesTransferred: 0, egressBytesTransferred: 0 }));
  }
  if (t === "microsoft.network/virtualhubs/bgpconnections") r.properties.connectionState = bgpConnectionState(state, r.id);
  return r;
}

/** What a GET returns: write-only values withheld, as Azure withholds them. */
export function publicView(r: StoredResource): StoredResource {
  if (lower(r.type) === "microsoft.compute/virtualmachines" && r.properties.osProfile) {
    delete r.properties.osProfile.customData;
    delete r.properties.osProfile.adminPassword;
  }
  return r;
}
