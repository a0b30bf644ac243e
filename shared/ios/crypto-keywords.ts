// Azure IPsec/IKE policy values -> IOS XE 17 keywords. One table per field,
// so the renderer and the tests read the same mapping. Values IOS XE 17 no
// longer offers for IKEv2/IPsec (DES, 3DES, MD5, DH groups 1/2, PFS 1/2) and
// Azure-only ones (PFSMM, IPsec None) have no entry and fail loudly; the
// validator rejects them earlier with a rule message.
// Sources: Microsoft Learn "Configure custom IPsec/IKE connection policies"
// (the Azure values); Cisco IOS XE Security Configuration Guide, "Configuring
// Internet Key Exchange Version 2" (crypto ikev2 proposal: encryption
// aes-cbc-*/aes-gcm-*, integrity, prf, group) and "Security for VPNs with
// IPsec" (crypto ipsec transform-set esp-aes/esp-gcm, esp-sha*-hmac).
import type { IpsecPolicySpec } from "../spec/schema.js";

type Field = keyof Pick<IpsecPolicySpec, "ikeEncryption" | "ikeIntegrity" | "dhGroup" | "ipsecEncryption" | "ipsecIntegrity" | "pfsGroup">;

export const IKE_ENCRYPTION: Partial<Record<IpsecPolicySpec["ikeEncryption"], string>> = {
  AES128: "aes-cbc-128",
  AES192: "aes-cbc-192",
  AES256: "aes-cbc-256",
  GCMAES128: "aes-gcm-128",
  GCMAES256: "aes-gcm-256",
};

/** For CBC proposals this is `integrity`; with GCM, IKEv2 authenticates in the cipher and takes a `prf` instead. */
export const IKE_INTEGRITY: Partial<Record<IpsecPolicySpec["ikeIntegrity"], string>> = {
  SHA1: "sha1",
  SHA256: "sha256",
  SHA384: "sha384",
  GCMAES128: "sha256",
  GCMAES256: "sha384",
};

export const DH_GROUP: Partial<Record<IpsecPolicySpec["dhGroup"], string>> = {
  DHGroup14: "14",
  DHGroup2048: "14", // Azure's alias of group 14
  ECP256: "19",
  ECP384: "20",
  DHGroup24: "24",
};

export const IPSEC_ENCRYPTION: Partial<Record<IpsecPolicySpec["ipsecEncryption"], string>> = {
  AES128: "esp-aes 128",
  AES192: "esp-aes 192",
  AES256: "esp-aes 256",
  GCMAES128: "esp-gcm 128",
  GCMAES192: "esp-gcm 192",
  GCMAES256: "esp-gcm 256",
};

/** null: GCM provides integrity itself, so the transform set has no integrity transform. */
export const IPSEC_INTEGRITY: Partial<Record<IpsecPolicySpec["ipsecIntegrity"], string | null>> = {
  SHA1: "esp-sha-hmac",
  SHA256: "esp-sha256-hmac",
  GCMAES128: null,
  GCMAES192: null,
  GCMAES256: null,
};

/** null: no PFS. */
export const PFS_GROUP: Partial<Record<IpsecPolicySpec["pfsGroup"], string | null>> = {
  None: null,
  PFS14: "group14",
  PFS2048: "group14", // Azure's alias of group 14
  ECP256: "group19",
  ECP384: "group20",
  PFS24: "group24",
};

const TABLES = {
  ikeEncryption: IKE_ENCRYPTION,
  ikeIntegrity: IKE_INTEGRITY,
  dhGroup: DH_GROUP,
  ipsecEncryption: IPSEC_ENCRYPTION,
  ipsecIntegrity: IPSEC_INTEGRITY,
  pfsGroup: PFS_GROUP,
} as const satisfies Record<Field, object>;

/** The IOS keyword for a policy field, or an Error naming the field and value IOS XE cannot express. */
export function iosKeyword(field: Field, value: string): string | null {
  const table = TABLES[field] as Record<string, string | null | undefined>;
  if (!(value in table)) throw new Error(`ipsec.${field} ${value} cannot be expressed on IOS XE 17 (weak or Azure-only); choose another value`);
  return table[value]!;
}

export const isGcm = (value: string) => value.startsWith("GCMAES");
