// Does the NVA's IKEv2/IPsec configuration agree with what the Azure
// connection offers? Azure values are translated to IOS keywords with the
// tables below and compared with the IKEv2 proposals and transform-sets IOS
// would use for the tunnel.
import type { Ikev2Proposal, IosConfig, IpsecProfile, TransformSet } from "./ios/types.js";

export interface AzureIpsecPolicy {
  ikeEncryption: string;
  ikeIntegrity: string;
  dhGroup: string;
  ipsecEncryption: string;
  ipsecIntegrity: string;
  pfsGroup: string;
  saLifeTimeSeconds?: number;
  saDataSizeKilobytes?: number;
}

const IKE_ENCRYPTION: Record<string, string> = {
  AES256: "aes-cbc-256", AES192: "aes-cbc-192", AES128: "aes-cbc-128", DES3: "3des", DES: "des", GCMAES256: "aes-gcm-256", GCMAES128: "aes-gcm-128",
};
/** GCM integrity values have no IOS integrity keyword: GCM authenticates by itself. */
const IKE_INTEGRITY: Record<string, string | null> = { MD5: "md5", SHA1: "sha1", SHA256: "sha256", SHA384: "sha384", GCMAES256: null, GCMAES128: null };
const DH_GROUP: Record<string, string> = { DHGroup1: "1", DHGroup2: "2", DHGroup14: "14", DHGroup2048: "14", ECP256: "19", ECP384: "20", DHGroup24: "24" };
const IPSEC_ENCRYPTION: Record<string, string> = {
  None: "esp-null", DES: "esp-des", DES3: "esp-3des", AES128: "esp-aes 128", AES192: "esp-aes 192", AES256: "esp-aes 256",
  GCMAES128: "esp-gcm 128", GCMAES192: "esp-gcm 192", GCMAES256: "esp-gcm 256",
};
const IPSEC_INTEGRITY: Record<string, string | null> = { MD5: "esp-md5-hmac", SHA1: "esp-sha-hmac", SHA256: "esp-sha256-hmac", GCMAES128: null, GCMAES192: null, GCMAES256: null };
const PFS_GROUP: Record<string, string | undefined> = {
  None: undefined, PFS1: "group1", PFS2: "group2", PFS2048: "group14", PFS14: "group14", ECP256: "group19", ECP384: "group20", PFS24: "group24",
};

/**
 * What Azure accepts when a connection has no custom policy (Microsoft's
 * "default IPsec/IKE parameters" for route-based gateways, IKEv2): phase 1
 * AES256/AES192/AES128/3DES with SHA1/SHA256/SHA384 and DH groups 2, 14, 24,
 * ECP256, ECP384; phase 2 GCM-AES or AES/3DES with SHA1/SHA256, no PFS when
 * Azure initiates (so an NVA that insists on PFS fails Azure-initiated rekeys).
 */
const AZURE_DEFAULT_IKE = { encryption: ["aes-cbc-256", "aes-cbc-192", "aes-cbc-128", "3des"], integrity: ["sha1", "sha256", "sha384"], groups: ["2", "14", "24", "19", "20"] };
const AZURE_DEFAULT_ESP: [string, string | null][] = [
  ["esp-gcm 256", null], ["esp-gcm 128", null], ["esp-aes 256", "esp-sha-hmac"], ["esp-aes 256", "esp-sha256-hmac"], ["esp-aes 128", "esp-sha-hmac"],
  ["esp-aes 128", "esp-sha256-hmac"], ["esp-3des", "esp-sha-hmac"], ["esp-3des", "esp-sha256-hmac"],
];

/** The proposal IOS uses when no `crypto ikev2 policy` is configured (IOS XE 16/17 default policy). */
const IOS_DEFAULT_PROPOSAL: Ikev2Proposal = { name: "default", encryption: ["aes-cbc-256"], integrity: ["sha512", "sha384"], prf: ["sha512", "sha384"], groups: ["19", "14", "21", "5"] };
/** The transform-sets an IPsec profile uses when it names none. */
const IOS_DEFAULT_TRANSFORM_SETS: TransformSet[] = [
  { name: "default (esp-aes esp-sha-hmac)", transforms: ["esp-aes 128", "esp-sha-hmac"] },
  { name: "default (esp-3des esp-sha-hmac)", transforms: ["esp-3des", "esp-sha-hmac"] },
];

export function readAzurePolicy(connectionProperties: Record<string, any>): AzureIpsecPolicy | undefined {
  const p = Array.isArray(connectionProperties.ipsecPolicies) ? connectionProperties.ipsecPolicies[0] : undefined;
  return p && typeof p === "object" ? (p as AzureIpsecPolicy) : undefined;
}

export function describeAzureIke(policy: AzureIpsecPolicy | undefined): string {
  return policy ? `${policy.ikeEncryption}/${policy.ikeIntegrity}/${policy.dhGroup}` : "Azure's default IKEv2 set";
}

/** The IKEv2 proposals IOS offers or accepts for a tunnel sourced from `localAddress`. */
export function iosIkeProposals(config: IosConfig, localAddress: string | undefined): { proposals: Ikev2Proposal[]; from: string } {
  if (config.ikev2Policies.size === 0) return { proposals: [IOS_DEFAULT_PROPOSAL], from: "the IOS default IKEv2 policy" };
  const names: string[] = [];
  const applicable = [...config.ikev2Policies.values()].filter(
    (p) => p.matchLocalAddresses.length === 0 || (localAddress !== undefined && p.matchLocalAddresses.includes(localAddress)),
  );
  for (const policy of applicable) for (const n of policy.proposals) if (!names.includes(n)) names.push(n);
  const proposals = names.map((n) => config.ikev2Proposals.get(n)).filter((p): p is Ikev2Proposal => p !== undefined);
  return { proposals, from: applicable.length === 0 ? "no IKEv2 policy that applies to this address" : `IKEv2 policy ${applicable.map((p) => p.name).join(", ")}` };
}

const isAead = (iosEncryption: string) => iosEncryption.startsWith("aes-gcm");

/** IOS uses the integrity algorithms as PRFs when a proposal names no `prf`. */
const effectivePrf = (p: Ikev2Proposal) => (p.prf.length > 0 ? p.prf : p.integrity);

function proposalComplete(p: Ikev2Proposal): boolean {
  const gcm = p.encryption.some(isAead);
  return p.encryption.length > 0 && p.groups.length > 0 && (gcm ? p.prf.length > 0 : p.integrity.length > 0);
}

/**
 * The Azure policy fields an IOS proposal disagrees with (empty: it agrees).
 * Azure's "IKE integrity" is the hash of the SA's PRF as well. With an AEAD
 * cipher (aes-gcm) IKEv2 carries no integrity transform at all, so the hash is
 * negotiated as the PRF alone (RFC 5282); with CBC it is both. A GCMAES
 * "integrity" names no hash for the PRF (Azure documents none), so nothing agrees.
 */
function ikeDisagreements(policy: AzureIpsecPolicy, p: Ikev2Proposal): string[] {
  const encryption = IKE_ENCRYPTION[policy.ikeEncryption];
  const hash = IKE_INTEGRITY[policy.ikeIntegrity];
  const group = DH_GROUP[policy.dhGroup];
  const fields: string[] = [];
  if (!encryption || !p.encryption.includes(encryption)) fields.push("ikeEncryption");
  const aead = encryption !== undefined && isAead(encryption);
  const hashAgrees = hash !== undefined && hash !== null && (aead ? p.prf.includes(hash) : p.integrity.includes(hash) && effectivePrf(p).includes(hash));
  if (!hashAgrees) fields.push("ikeIntegrity");
  if (!group || !p.groups.includes(group)) fields.push("dhGroup");
  return fields;
}

function agreesWithAzureDefault(p: Ikev2Proposal): boolean {
  return (
    p.encryption.some((e) => AZURE_DEFAULT_IKE.encryption.includes(e)) &&
    p.integrity.some((i) => AZURE_DEFAULT_IKE.integrity.includes(i)) &&
    p.groups.some((g) => AZURE_DEFAULT_IKE.groups.includes(g))
  );
}

/** null when some IOS proposal agrees with the Azure side, else why not (naming the Azure fields that disagree). */
export function ikeMismatch(policy: AzureIpsecPolicy | undefined, proposals: Ikev2Proposal[]): string | null {
  const usable = proposals.filter(proposalComplete);
  if (usable.length === 0) return "no complete IKEv2 proposal (encryption, integrity or prf, and a DH group)";
  const offered = `Azure offers ${describeAzureIke(policy)}, IOS proposes ${usable.map(describeIosProposal).join("; ")}`;
  if (!policy) return usable.some(agreesWithAzureDefault) ? null : `IKE proposal mismatch: ${offered}`;
  const closest = usable.map((p) => ikeDisagreements(policy, p)).sort((a, b) => a.length - b.length)[0]!;
  return closest.length === 0 ? null : `IKE proposal mismatch on ${closest.join(", ")}: ${offered}`;
}

function describeIosProposal(p: Ikev2Proposal): string {
  return `${p.name} (${p.encryption.join(" ")} / ${p.integrity.join(" ") || "prf " + p.prf.join(" ")} / group ${p.groups.join(" ")})`;
}

export function transformSetsOf(config: IosConfig, profile: IpsecProfile): TransformSet[] {
  if (profile.transformSets.length === 0) return IOS_DEFAULT_TRANSFORM_SETS;
  return profile.transformSets.map((n) => config.transformSets.get(n)).filter((t): t is TransformSet => t !== undefined);
}

/** The IOS hmac transform for Azure's IPsec integrity: null for GCM (no hmac), "?" for a value IOS lacks. */
function azureHmac(ipsecIntegrity: string): string | null {
  const hmac = IPSEC_INTEGRITY[ipsecIntegrity];
  return hmac === undefined ? "?" : hmac;
}

/** null when a transform-set carries what Azure offers for ESP, else why not. */
export function espMismatch(policy: AzureIpsecPolicy | undefined, sets: TransformSet[]): string | null {
  if (sets.length === 0) return "the IPsec profile's transform-sets are not defined";
  const cipherOf = (t: TransformSet) => t.transforms.find((x) => /^esp-(aes|gcm|gmac|3des|des|null|seal)\b/.test(x));
  const hmacOf = (t: TransformSet) => t.transforms.find((x) => /^esp-.*-hmac$/.test(x)) ?? null;
  const wanted: [string, string | null][] = policy
    ? [[IPSEC_ENCRYPTION[policy.ipsecEncryption] ?? "?", azureHmac(policy.ipsecIntegrity)]]
    : AZURE_DEFAULT_ESP;
  const usable = sets.filter((t) => t.mode !== "transport");
  if (usable.some((t) => wanted.some(([cipher, hmac]) => cipherOf(t) === cipher && hmacOf(t) === hmac))) return null;
  const has = `IOS has ${sets.map((t) => `${t.name} (${t.transforms.join(" ")}${t.mode === "transport" ? ", mode transport" : ""})`).join("; ")}`;
  if (!policy) return `IPsec transform-set mismatch: Azure offers its default ESP set, ${has}`;
  const [cipher, hmac] = wanted[0]!;
  // Name the Azure field(s) that no tunnel-mode transform-set carries.
  const fields = [
    ...(usable.some((t) => cipherOf(t) === cipher) ? [] : ["ipsecEncryption"]),
    ...(usable.some((t) => hmacOf(t) === hmac) ? [] : ["ipsecIntegrity"]),
  ];
  const on = fields.length > 0 && usable.length > 0 ? ` on ${fields.join(", ")}` : "";
  return `IPsec transform-set mismatch${on}: Azure offers ${policy.ipsecEncryption}/${policy.ipsecIntegrity}, ${has}`;
}

/** null when PFS agrees, else why not. */
export function pfsMismatch(policy: AzureIpsecPolicy | undefined, iosPfs: string | undefined): string | null {
  let azure: string | undefined;
  if (policy) azure = policy.pfsGroup === "PFSMM" ? (DH_GROUP[policy.dhGroup] ? `group${DH_GROUP[policy.dhGroup]}` : undefined) : PFS_GROUP[policy.pfsGroup];
  if (azure === iosPfs) return null;
  return `PFS mismatch on pfsGroup: Azure uses ${policy ? `PFS ${policy.pfsGroup}` : "no PFS by default"}, IOS ${iosPfs ? `sets pfs ${iosPfs}` : "sets no PFS"}`;
}
