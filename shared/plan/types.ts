// The plan: Bowtie's single source of desired state. Deploy, drift detection,
// remediation, the CLI and the HTTP API all read this shape.
import type { IpsecPolicySpec, GatewaySku } from "../spec/schema.js";
import type { PlaceholderKind } from "./placeholders.js";

/** The ownership tag every taggable resource carries; its value is the deployment name. */
export const OWNERSHIP_TAG = "bowtie-deployment";

/**
 * The tag an adopted resource carries instead (value: the deployment name):
 * Bowtie writes to it, merging, but it was someone else's first, so no
 * teardown deletes it and no other deployment may adopt it too.
 */
export const ADOPTED_TAG = "bowtie-adopted-by";

/** Every decision made: names, defaults and APIPA addresses. Produced by resolveTopology(). */
export interface Topology {
  deployment: string;
  /** null: decided at apply time from configuration. */
  subscriptionId: string | null;
  resourceGroup: string;
  location: string;
  /** User tags plus the ownership tag. */
  tags: Record<string, string>;
  /** Existing resources the spec adopts (merged, tagged ADOPTED_TAG, never deleted). */
  adopt: Array<{ type: "virtualNetwork" | "networkSecurityGroup"; name: string }>;
  clientVnet: {
    name: string;
    addressSpace: string[];
    gatewaySubnetPrefix: string;
    /** Every subnet, GatewaySubnet included, in spec order (GatewaySubnet last). */
    subnets: SubnetPlan[];
  };
  gateway: {
    name: string;
    sku: GatewaySku;
    generation: "Generation1" | "Generation2";
    asn: number;
    /** Active-active: always two. customBgpIps lists one APIPA address per NVA, in NVA order. */
    instances: [GatewayInstancePlan, GatewayInstancePlan];
  };
  providerVnet: {
    name: string;
    addressSpace: string[];
    outsideSubnet: SubnetPlan;
    insideSubnet: SubnetPlan;
    routeServerSubnetPrefix: string | null;
    /** Every subnet, outside/inside/RouteServerSubnet included. */
    subnets: SubnetPlan[];
  };
  routeServer: RouteServerPlan | null;
  /** NSG on the NVAs' outside NICs (IKE/ESP from the gateway). */
  nsgName: string;
  /** NSG on the NVAs' inside NICs (BGP with Route Server, the provider networks). */
  insideNsgName: string;
  nvas: NvaPlan[];
  ipsec: IpsecPolicySpec;
  connection: { routingWeight: number; dpdTimeoutSeconds: number };
  keyVault: { vaultUrl: string; pskMode: "shared" | "perConnection" };
  admin: { username: string; sshPublicKey: string | null; passwordSecretName: string | null };
  advertise: { client: string[]; provider: string[] };
}

export interface SubnetPlan {
  name: string;
  prefix: string;
}

export interface GatewayInstancePlan {
  index: 0 | 1;
  ipConfigName: string;
  publicIpName: string;
  customBgpIps: string[];
}

export interface RouteServerPlan {
  name: string;
  publicIpName: string;
  ipConfigName: string;
  allowBranchToBranchTraffic: boolean;
  /** Route Server's ASN is fixed by Azure. */
  asn: 65515;
}

export interface NvaPlan {
  name: string;
  asn: number;
  loopbackIp: string;
  /** [instance 0, instance 1]: the gateway custom APIPA addresses this NVA peers with. */
  gatewayBgpIps: [string, string];
  outsideIp: string;
  insideIp: string;
  publicIpName: string;
  outsideNicName: string;
  insideNicName: string;
  localNetworkGatewayName: string;
  connectionName: string;
  /** Route Server bgpConnection name (when Route Server is used). */
  routeServerPeeringName: string;
  vmSize: string;
  image: { publisher: string; offer: string; sku: string; version: string };
  zone: string | null;
  /** Key Vault secret holding this NVA's connection PSK. */
  pskSecretName: string;
  /** IOS XE tunnel interface per gateway instance: [Tunnel101, Tunnel102]. */
  tunnelInterfaces: [string, string];
}

/** One row of the reference table: an NVA's BGP session over one tunnel to one gateway instance. */
export interface ApipaRow {
  nva: string;
  tunnel: string;
  nvaBgpIp: string;
  gatewayInstance: 0 | 1;
  gatewayBgpIp: string;
  connection: string;
  localNetworkGateway: string;
}

/** Every ARM type a plan writes, in ARM's canonical casing (what Azure returns, whatever a request sent). */
export const RESOURCE_TYPES = [
  "Microsoft.Network/virtualNetworks",
  "Microsoft.Network/publicIPAddresses",
  "Microsoft.Network/networkSecurityGroups",
  "Microsoft.Network/networkInterfaces",
  "Microsoft.Network/virtualNetworkGateways",
  "Microsoft.Network/localNetworkGateways",
  "Microsoft.Network/connections",
  "Microsoft.Network/virtualHubs",
  "Microsoft.Network/virtualHubs/ipConfigurations",
  "Microsoft.Network/virtualHubs/bgpConnections",
  "Microsoft.Compute/virtualMachines",
] as const;

export type ResourceType = (typeof RESOURCE_TYPES)[number];

export interface PlannedResource {
  /** Full ARM id; may contain {{subscriptionId}}. */
  id: string;
  type: ResourceType;
  name: string;
  /** The api-version the SDK sends for this type. */
  apiVersion: string;
  /** Ids of resources that must exist (Succeeded) before this one is written. */
  dependsOn: string[];
  /** The ARM REST request body as on the wire (nested `properties`); may contain placeholders. */
  body: Record<string, unknown>;
  /**
   * Where the planner put a placeholder in body, and of which kind: exact JSON
   * paths such as "$.properties.sharedKey" (placeholder-slots.ts). The apply
   * step fills placeholders at these paths only and refuses the resource if
   * one stands anywhere else. Absent: the body may hold none.
   */
  placeholderSlots?: Record<string, PlaceholderKind>;
  /**
   * An existing resource the spec adopts: written merged over what exists
   * (foreign subnets, rules, tags and properties kept), never created, never deleted.
   */
  adopted?: true;
}

export interface BgpSessionPlan {
  /** The router that holds the session: an NVA name, the gateway name (with instance) or the Route Server name. */
  router: string;
  neighbor: string;
  localAsn: number;
  remoteAsn: number;
  /** How the neighbor is reached: a tunnel interface, or the inside interface for Route Server. */
  via: string;
}

export interface Plan {
  deployment: string;
  topology: Topology;
  apipa: ApipaRow[];
  resources: PlannedResource[];
  /** IOS XE day-0 configuration per NVA, with placeholders (never a key). */
  nvaConfigs: Record<string, string>;
  bgpSessions: BgpSessionPlan[];
}
