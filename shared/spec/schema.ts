// The topology spec: the JSON a user writes. This zod schema is the single
// definition of its shape; the JSON Schema in schema/ is generated from it and
// the TypeScript types are inferred from it. Cross-field rules of the domain
// (APIPA ranges, ASNs, subnets inside VNets, ...) live in validate.ts, which
// runs after this structural pass.
import { z } from "zod";
import * as naming from "./naming.js";

const ipv4 = z
  .string()
  .regex(/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/, "must be an IPv4 address such as 10.0.0.4")
  .describe("IPv4 address");

const cidr = z
  .string()
  .regex(
    /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}\/(3[0-2]|[12]?\d)$/,
    "must be an IPv4 prefix in CIDR form such as 10.0.0.0/16",
  )
  .describe("IPv4 prefix in CIDR notation");

const asn = z
  .number()
  .int("must be a whole number")
  .min(1, "must be between 1 and 4294967294")
  .max(4294967294, "must be between 1 and 4294967294")
  .describe("BGP autonomous system number (2- or 4-byte, asplain)");

const subnet = z
  .object({
    name: naming.subnetName,
    prefix: cidr,
  })
  .strict();

export const GATEWAY_SKUS = ["VpnGw1AZ", "VpnGw2AZ", "VpnGw3AZ", "VpnGw4AZ", "VpnGw5AZ"] as const;

const gatewayInstance = z
  .object({
    ipConfigName: naming.childName.describe("name of the gateway ipConfiguration for this instance"),
    publicIpName: naming.publicIpName.describe("name of the Standard static public IP of this instance"),
  })
  .strict();

const image = z
  .object({
    publisher: z.string().min(1).default("cisco"),
    offer: z.string().min(1).default("cisco-c8000v-byol"),
    sku: z.string().min(1).default("17_15_01a-byol").describe("image SKU; also the marketplace plan name"),
    version: z.string().min(1).default("latest"),
  })
  .strict();

const DEFAULT_IMAGE = { publisher: "cisco", offer: "cisco-c8000v-byol", sku: "17_15_01a-byol", version: "latest" };

const nva = z
  .object({
    name: naming.nvaName.describe("VM name and IOS XE hostname"),
    asn,
    loopbackIp: ipv4.optional().describe("Loopback0 APIPA /32 that sources the NVA's gateway BGP sessions; allocated when omitted"),
    gatewayBgpIps: z
      .tuple([ipv4, ipv4])
      .optional()
      .describe(
        "the gateway custom APIPA addresses this NVA peers with: [instance 0, instance 1]; allocated when omitted",
      ),
    outsideIp: ipv4.describe("static private IP of the outside NIC (carries the public IP, sources the tunnels)"),
    insideIp: ipv4.describe("static private IP of the inside NIC (peers with Route Server)"),
    publicIpName: naming.publicIpName.optional().describe("default: <name>-pip"),
    localNetworkGatewayName: naming.armName.optional().describe("default: lng-<name>"),
    connectionName: naming.armName.optional().describe("default: con-<name>"),
    vmSize: z.string().min(1).optional(),
    image: image.optional(),
    zone: z.enum(["1", "2", "3"]).optional().describe("availability zone of the VM"),
  })
  .strict();

export const IKE_ENCRYPTIONS = ["DES", "DES3", "AES128", "AES192", "AES256", "GCMAES128", "GCMAES256"] as const;
export const IKE_INTEGRITIES = ["MD5", "SHA1", "SHA256", "SHA384", "GCMAES128", "GCMAES256"] as const;
export const DH_GROUPS = ["None", "DHGroup1", "DHGroup2", "DHGroup14", "DHGroup2048", "ECP256", "ECP384", "DHGroup24"] as const;
export const IPSEC_ENCRYPTIONS = [
  "None", "DES", "DES3", "AES128", "AES192", "AES256", "GCMAES128", "GCMAES192", "GCMAES256",
] as const;
export const IPSEC_INTEGRITIES = ["MD5", "SHA1", "SHA256", "GCMAES128", "GCMAES192", "GCMAES256"] as const;
export const PFS_GROUPS = ["None", "PFS1", "PFS2", "PFS2048", "ECP256", "ECP384", "PFS24", "PFS14", "PFSMM"] as const;

// The reference lab's policy.
export const DEFAULT_IPSEC = {
  ikeEncryption: "AES256",
  ikeIntegrity: "SHA256",
  dhGroup: "DHGroup14",
  ipsecEncryption: "AES256",
  ipsecIntegrity: "SHA256",
  pfsGroup: "None",
  saLifeTimeSeconds: 28800,
  saDataSizeKilobytes: 102400000,
} as const;

const ipsecPolicy = z
  .object({
    ikeEncryption: z.enum(IKE_ENCRYPTIONS).default(DEFAULT_IPSEC.ikeEncryption),
    ikeIntegrity: z.enum(IKE_INTEGRITIES).default(DEFAULT_IPSEC.ikeIntegrity),
    dhGroup: z.enum(DH_GROUPS).default(DEFAULT_IPSEC.dhGroup),
    ipsecEncryption: z.enum(IPSEC_ENCRYPTIONS).default(DEFAULT_IPSEC.ipsecEncryption),
    ipsecIntegrity: z.enum(IPSEC_INTEGRITIES).default(DEFAULT_IPSEC.ipsecIntegrity),
    pfsGroup: z.enum(PFS_GROUPS).default(DEFAULT_IPSEC.pfsGroup),
    saLifeTimeSeconds: z.number().int().default(DEFAULT_IPSEC.saLifeTimeSeconds),
    saDataSizeKilobytes: z.number().int().default(DEFAULT_IPSEC.saDataSizeKilobytes),
  })
  .strict();

export const ADOPTABLE_TYPES = ["virtualNetwork", "networkSecurityGroup"] as const;

// Adoption is the only way Bowtie writes to a resource it did not create: it
// must be asked for by name, and only for the two kinds whose foreign content
// (other teams' subnets, security rules) Bowtie knows how to keep.
const adoption = z
  .object({
    type: z.enum(ADOPTABLE_TYPES).describe("virtualNetwork (the client or provider VNet) or networkSecurityGroup (the NVAs' outside NSG)"),
    name: naming.armName.describe("the existing resource's name, as the spec names it (clientVnet.name, providerVnet.name or nvaDefaults.nsgName)"),
  })
  .strict();

export const topologySpecSchema = z
  .object({
    $schema: z.string().optional(),
    name: naming.deploymentName.describe(
      "deployment name: the ownership tag value, the orchestration instance id and the registry key",
    ),
    subscriptionId: z
      .string()
      .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, "must be a subscription GUID")
      .optional()
      .describe("target subscription; omitted: taken from configuration at apply time"),
    resourceGroup: naming.resourceGroupName,
    location: z
      .string()
      .regex(/^[a-z][a-z0-9]{1,39}$/, "must be an Azure region name such as swedencentral (lower case, no spaces)"),
    tags: naming.tags.default({}),
    clientVnet: z
      .object({
        name: naming.vnetName,
        addressSpace: z.array(cidr).min(1, "must list at least one prefix"),
        gatewaySubnet: cidr.describe("prefix of GatewaySubnet (/27 or larger recommended)"),
        subnets: z.array(subnet).default([]).describe("other subnets of the client VNet"),
      })
      .strict(),
    gateway: z
      .object({
        name: naming.armName,
        sku: z.enum(GATEWAY_SKUS).default("VpnGw1AZ").describe("zone-redundant VPN gateway SKU (active-active capable)"),
        generation: z.enum(["Generation1", "Generation2"]).optional().describe(
          "default for a new gateway: Generation1 for VpnGw1AZ, Generation2 otherwise; a deployed gateway keeps its generation unless this is set (a SKU resize stays in place)",
        ),
        asn: asn.describe("the gateway's BGP ASN; must differ from the NVAs' and from 65515 when Route Server is used"),
        instances: z
          .tuple([gatewayInstance, gatewayInstance])
          .optional()
          .describe("names of the two active-active instances' ipConfigurations and public IPs"),
      })
      .strict(),
    providerVnet: z
      .object({
        name: naming.vnetName,
        addressSpace: z.array(cidr).min(1, "must list at least one prefix"),
        outsideSubnet: subnet.describe("subnet of the NVAs' outside NICs"),
        insideSubnet: subnet.describe("subnet of the NVAs' inside NICs"),
        routeServerSubnet: cidr.optional().describe("prefix of RouteServerSubnet (/26 or larger); required with Route Server"),
        subnets: z.array(subnet).default([]).describe("other subnets of the provider VNet"),
      })
      .strict(),
    routeServer: z
      .object({
        enabled: z.boolean().default(true),
        name: naming.armName.optional().describe("default: <providerVnet.name>-rs"),
        publicIpName: naming.publicIpName.optional().describe("default: <route server name>-pip"),
        allowBranchToBranchTraffic: z.boolean().default(false),
      })
      .strict()
      .default({ enabled: true, allowBranchToBranchTraffic: false }),
    nvaDefaults: z
      .object({
        vmSize: z.string().min(1).default("Standard_D2as_v5"),
        image: image.default(DEFAULT_IMAGE),
        adminUsername: naming.adminUsername.default("azureuser"),
        sshPublicKey: z.string().regex(/^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp\d+) [A-Za-z0-9+/=]+( .*)?$/, "must be an OpenSSH public key").optional(),
        adminPasswordSecretName: naming.secretName.optional().describe("Key Vault secret holding the NVA admin password"),
        nsgName: naming.armName.optional().describe("NSG on the outside NICs; default: <providerVnet.name>-nva-outside-nsg"),
      })
      .strict()
      .default({ vmSize: "Standard_D2as_v5", image: DEFAULT_IMAGE, adminUsername: "azureuser" }),
    nvas: z.array(nva).min(1, "must list at least one NVA"),
    ipsec: ipsecPolicy.default(DEFAULT_IPSEC),
    connection: z
      .object({
        routingWeight: z.number().int().min(0).max(32000).default(10),
        dpdTimeoutSeconds: z.number().int().min(9).max(3600).default(45),
      })
      .strict()
      .default({ routingWeight: 10, dpdTimeoutSeconds: 45 }),
    keyVault: z
      .object({
        vaultUrl: z.string().url().regex(/^https:\/\//, "must be an https URL").describe("e.g. https://my-vault.vault.azure.net/"),
        pskSecretName: naming.secretName.default("bowtie-psk"),
        pskMode: z
          .enum(["shared", "perConnection"])
          .default("shared")
          .describe("shared: one secret for every connection; perConnection: secret <pskSecretName>-<nva name>"),
      })
      .strict(),
    adopt: z
      .array(adoption)
      .default([])
      .describe(
        "existing resources Bowtie may write to although it did not create them: merged (their other subnets, rules, tags and properties kept), marked bowtie-adopted-by, never deleted by a teardown",
      ),
    advertise: z
      .object({
        client: z.array(cidr).optional().describe("prefixes the gateway side advertises; default: client VNet address space"),
        provider: z.array(cidr).optional().describe("prefixes the NVAs originate; default: provider VNet address space"),
      })
      .strict()
      .default({}),
  })
  .strict();

export type TopologySpecInput = z.input<typeof topologySpecSchema>;
export type TopologySpec = z.output<typeof topologySpecSchema>;
export type NvaSpec = TopologySpec["nvas"][number];
export type IpsecPolicySpec = TopologySpec["ipsec"];
export type GatewaySku = (typeof GATEWAY_SKUS)[number];
