// IKEv2 and ESP proposals in strongSwan's syntax, from Azure's policy values
// (the gateway side) and from IOS XE keywords (the NVA side, as the reader
// found them). Two tables, so a disagreement between the renderer and Azure
// shows up as strongSwan's NO_PROPOSAL_CHOSEN, as it would on the wire.
// strongSwan names: https://docs.strongswan.org/docs/latest/config/IKEv2CipherSuites.html
import type { IpsecPolicySpec } from "../shared/spec/schema.js";

const AZURE_IKE_ENCRYPTION: Record<string, string> = { AES128: "aes128", AES192: "aes192", AES256: "aes256", GCMAES128: "aes128gcm16", GCMAES256: "aes256gcm16" };
const AZURE_HASH: Record<string, string> = { SHA1: "sha1", SHA256: "sha256", SHA384: "sha384" };
const AZURE_DH: Record<string, string> = { DHGroup14: "modp2048", DHGroup2048: "modp2048", ECP256: "ecp256", ECP384: "ecp384", DHGroup24: "modp2048s256" };
const AZURE_ESP_ENCRYPTION: Record<string, string> = {
  AES128: "aes128", AES192: "aes192", AES256: "aes256", GCMAES128: "aes128gcm16", GCMAES192: "aes192gcm16", GCMAES256: "aes256gcm16",
};
const AZURE_PFS: Record<string, string | null> = { None: null, PFS14: "modp2048", PFS2048: "modp2048", ECP256: "ecp256", ECP384: "ecp384", PFS24: "modp2048s256" };

const IOS_IKE_ENCRYPTION: Record<string, string> = { "aes-cbc-128": "aes128", "aes-cbc-192": "aes192", "aes-cbc-256": "aes256", "aes-gcm-128": "aes128gcm16", "aes-gcm-256": "aes256gcm16" };
const IOS_HASH: Record<string, string> = { sha1: "sha1", sha256: "sha256", sha384: "sha384", sha512: "sha512" };
const IOS_GROUP: Record<string, string> = { "5": "modp1536", "14": "modp2048", "15": "modp3072", "16": "modp4096", "19": "ecp256", "20": "ecp384", "21": "ecp521", "24": "modp2048s256" };
const IOS_ESP: Record<string, string> = {
  "esp-aes 128": "aes128", "esp-aes 192": "aes192", "esp-aes 256": "aes256", "esp-gcm 128": "aes128gcm16", "esp-gcm 192": "aes192gcm16", "esp-gcm 256": "aes256gcm16",
  "esp-sha-hmac": "sha1", "esp-sha256-hmac": "sha256", "esp-sha384-hmac": "sha384", "esp-sha512-hmac": "sha512",
};

const isAead = (alg: string) => alg.includes("gcm");

function need(table: Record<string, string>, value: string, what: string): string {
  const v = table[value];
  if (v === undefined) throw new Error(`the twin cannot express ${what} ${value} in strongSwan`);
  return v;
}

/** The gateway's IKE proposal: with an AEAD cipher Azure's "integrity" is the PRF alone. */
export function azureIkeProposal(p: IpsecPolicySpec): string {
  const enc = need(AZURE_IKE_ENCRYPTION, p.ikeEncryption, "IKE encryption");
  const hash = need(AZURE_HASH, p.ikeIntegrity, "IKE integrity");
  const dh = need(AZURE_DH, p.dhGroup, "DH group");
  return isAead(enc) ? `${enc}-prf${hash}-${dh}` : `${enc}-${hash}-prf${hash}-${dh}`;
}

export function azureEspProposal(p: IpsecPolicySpec): string {
  const enc = need(AZURE_ESP_ENCRYPTION, p.ipsecEncryption, "IPsec encryption");
  const integrity = isAead(enc) ? null : need(AZURE_HASH, p.ipsecIntegrity, "IPsec integrity");
  if (!(p.pfsGroup in AZURE_PFS)) throw new Error(`the twin cannot express PFS group ${p.pfsGroup} in strongSwan`);
  const pfs = AZURE_PFS[p.pfsGroup];
  return [enc, integrity, pfs].filter(Boolean).join("-");
}

/** One IOS IKEv2 proposal as one strongSwan proposal (IOS lists become algorithm lists). */
export function iosIkeProposal(p: { encryption: string[]; integrity: string[]; prf: string[]; groups: string[] }): string {
  const enc = p.encryption.map((e) => need(IOS_IKE_ENCRYPTION, e, "IKEv2 encryption"));
  const integrity = enc.some(isAead) ? [] : p.integrity.map((i) => need(IOS_HASH, i, "IKEv2 integrity"));
  // IOS uses the integrity algorithms as PRFs when the proposal names none.
  const prf = (p.prf.length > 0 ? p.prf : p.integrity).map((h) => `prf${need(IOS_HASH, h, "IKEv2 prf")}`);
  const groups = p.groups.map((g) => need(IOS_GROUP, g, "DH group"));
  return [...enc, ...integrity, ...prf, ...groups].join("-");
}

/** A transform-set's transforms plus the profile's `set pfs`, as one ESP proposal. */
export function iosEspProposal(transforms: string[], pfsGroup: string | undefined): string {
  const algs = transforms.map((t) => need(IOS_ESP, t, "transform"));
  const pfs = pfsGroup ? need(IOS_GROUP, pfsGroup.replace(/^group/, ""), "PFS group") : null;
  return [...algs, pfs].filter(Boolean).join("-");
}
