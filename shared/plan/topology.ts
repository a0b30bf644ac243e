// Resolve a validated spec into a Topology: every default applied, every name
// chosen, every APIPA address allocated. Pure and deterministic.
import type { TopologySpec } from "../spec/schema.js";
import { SpecError } from "../spec/violations.js";
import { allocateApipa } from "./apipa.js";
import { OWNERSHIP_TAG, type NvaPlan, type Topology } from "./types.js";

export const ROUTE_SERVER_ASN = 65515 as const;
export const ROUTE_SERVER_IPCONFIG_NAME = "ipconfig1";

/** IOS XE tunnel interface of gateway instance i: Tunnel101, Tunnel102 (as in the reference lab). */
export function tunnelInterface(instance: 0 | 1): string {
  return `Tunnel${101 + instance}`;
}

export function resolveTopology(spec: TopologySpec): Topology {
  const { assignments, violations } = allocateApipa(spec.nvas);
  if (violations.length) throw new SpecError(violations);

  const rsEnabled = spec.routeServer.enabled;
  const rsName = spec.routeServer.name ?? `${spec.providerVnet.name}-rs`;
  const gwInstances = spec.gateway.instances ?? [
    { ipConfigName: `${spec.gateway.name}-ipconfig-0`, publicIpName: `${spec.gateway.name}-pip-0` },
    { ipConfigName: `${spec.gateway.name}-ipconfig-1`, publicIpName: `${spec.gateway.name}-pip-1` },
  ];

  const nvas: NvaPlan[] = spec.nvas.map((n, i) => {
    const a = assignments[i]!;
    return {
      name: n.name,
      asn: n.asn,
      loopbackIp: a.loopbackIp,
      gatewayBgpIps: a.gatewayBgpIps,
      outsideIp: n.outsideIp,
      insideIp: n.insideIp,
      publicIpName: n.publicIpName ?? `${n.name}-pip`,
      outsideNicName: `${n.name}-outside-nic`,
      insideNicName: `${n.name}-inside-nic`,
      localNetworkGatewayName: n.localNetworkGatewayName ?? `lng-${n.name}`,
      connectionName: n.connectionName ?? `con-${n.name}`,
      routeServerPeeringName: `bgp-${n.name}`,
      vmSize: n.vmSize ?? spec.nvaDefaults.vmSize,
      image: { ...spec.nvaDefaults.image, ...(n.image ?? {}) },
      zone: n.zone ?? null,
      pskSecretName:
        spec.keyVault.pskMode === "shared" ? spec.keyVault.pskSecretName : `${spec.keyVault.pskSecretName}-${n.name}`,
      tunnelInterfaces: [tunnelInterface(0), tunnelInterface(1)],
    };
  });

  const outside = spec.providerVnet.outsideSubnet;
  const inside = spec.providerVnet.insideSubnet;
  const rsPrefix = spec.providerVnet.routeServerSubnet ?? null;

  return {
    deployment: spec.name,
    subscriptionId: spec.subscriptionId ?? null,
    resourceGroup: spec.resourceGroup,
    location: spec.location,
    tags: { ...spec.tags, [OWNERSHIP_TAG]: spec.name },
    // Records stored before adoption existed have no list.
    adopt: (spec.adopt ?? []).map((a) => ({ type: a.type, name: a.name })),
    clientVnet: {
      name: spec.clientVnet.name,
      addressSpace: spec.clientVnet.addressSpace,
      gatewaySubnetPrefix: spec.clientVnet.gatewaySubnet,
      subnets: [...spec.clientVnet.subnets, { name: "GatewaySubnet", prefix: spec.clientVnet.gatewaySubnet }],
    },
    gateway: {
      name: spec.gateway.name,
      sku: spec.gateway.sku,
      generation: spec.gateway.generation ?? (spec.gateway.sku === "VpnGw1AZ" ? "Generation1" : "Generation2"),
      asn: spec.gateway.asn,
      instances: [
        { index: 0, ...gwInstances[0], customBgpIps: nvas.map((n) => n.gatewayBgpIps[0]) },
        { index: 1, ...gwInstances[1], customBgpIps: nvas.map((n) => n.gatewayBgpIps[1]) },
      ],
    },
    providerVnet: {
      name: spec.providerVnet.name,
      addressSpace: spec.providerVnet.addressSpace,
      outsideSubnet: outside,
      insideSubnet: inside,
      routeServerSubnetPrefix: rsEnabled ? rsPrefix : null,
      subnets: [
        outside,
        inside,
        ...spec.providerVnet.subnets,
        ...(rsEnabled && rsPrefix ? [{ name: "RouteServerSubnet", prefix: rsPrefix }] : []),
      ],
    },
    routeServer: rsEnabled
      ? {
          name: rsName,
          publicIpName: spec.routeServer.publicIpName ?? `${rsName}-pip`,
          ipConfigName: ROUTE_SERVER_IPCONFIG_NAME,
          allowBranchToBranchTraffic: spec.routeServer.allowBranchToBranchTraffic,
          asn: ROUTE_SERVER_ASN,
        }
      : null,
    nsgName: spec.nvaDefaults.nsgName ?? `${spec.providerVnet.name}-nva-outside-nsg`,
    insideNsgName: `${spec.providerVnet.name}-nva-inside-nsg`,
    nvas,
    ipsec: spec.ipsec,
    connection: spec.connection,
    keyVault: { vaultUrl: spec.keyVault.vaultUrl, pskMode: spec.keyVault.pskMode },
    admin: {
      username: spec.nvaDefaults.adminUsername,
      sshPublicKey: spec.nvaDefaults.sshPublicKey ?? null,
      passwordSecretName: spec.nvaDefaults.adminPasswordSecretName ?? null,
    },
    advertise: {
      client: spec.advertise.client ?? spec.clientVnet.addressSpace,
      provider: spec.advertise.provider ?? spec.providerVnet.addressSpace,
    },
  };
}
