// The custom IPsec/IKE policy must be one Azure accepts AND IOS XE 17 can
// express. Sources:
// - Microsoft Learn, VPN Gateway FAQ "IPsec/IKE policy" (include
//   vpn-gateway-faq-ipsecikepolicy, 2026-08): IKEv2 encryption GCMAES256,
//   GCMAES128, AES256/192/128; IKEv2 integrity SHA384, SHA256, SHA1, MD5 —
//   no GCMAES value, although the ARM enum lists GCMAES128/256 for
//   ikeIntegrity; "If you use GCMAES for the IPsec encryption algorithm, you
//   must select the same GCMAES algorithm and key length for IPsec
//   integrity"; DHGroup2048 is group 14 like DHGroup14, PFS2048 like PFS14;
//   Quick Mode SA lifetime minimums 300 s and 1,024 KB.
// - Az.Network New-AzIpsecPolicy (NewAzureRmIpsecPolicyCommand.cs):
//   ValidateRange(300, 172799) seconds and (1024, int.MaxValue) kilobytes.
// - Cisco IOS XE 17 Security Configuration Guide, "Configuring Internet Key
//   Exchange Version 2": DES, 3DES, MD5 and DH groups 1/2/5 are no longer
//   offered (weak-crypto removal); an AES-GCM IKEv2 proposal carries no
//   `integrity` but a `prf` (sha256/sha384 here), so Bowtie reads a GCM
//   ikeEncryption's ikeIntegrity as that PRF and requires SHA256 or SHA384
//   (SHA1 would be a weak PRF next to an AEAD cipher; the Virtual WAN
//   include lists only SHA384 and SHA256 for IKE integrity).
// - `set security-association lifetime kilobytes` accepts 2560 and up on
//   IOS XE, above Azure's 1024.
// The IOS renderer (shared/ios/crypto-keywords.ts) must accept everything
// that passes here.
import type { Rule } from "../report.js";

const NOT_ON_IOS_XE: Record<string, string> = {
  DES: "DES is not offered by IOS XE 17 (weak cipher removed)",
  DES3: "3DES is not offered by IOS XE 17 (weak cipher removed)",
  MD5: "MD5 is not offered by IOS XE 17 (weak hash removed)",
  DHGroup1: "DH group 1 is not offered by IOS XE 17 (weak group removed)",
  DHGroup2: "DH group 2 is not offered by IOS XE 17 (weak group removed)",
  PFS1: "PFS group 1 is not offered by IOS XE 17 (weak group removed)",
  PFS2: "PFS group 2 is not offered by IOS XE 17 (weak group removed)",
  PFSMM: "PFSMM (reuse the main-mode group for PFS) is Azure-specific and has no IOS XE equivalent; name the group (PFS14, ECP256, ...)",
};

const isGcm = (v: string) => v.startsWith("GCMAES");

export const ipsecPolicyExpressible: Rule = (spec, r) => {
  const p = spec.ipsec;
  for (const field of ["ikeEncryption", "ikeIntegrity", "dhGroup", "ipsecEncryption", "ipsecIntegrity", "pfsGroup"] as const) {
    const why = NOT_ON_IOS_XE[p[field]];
    if (why) r.error(`$.ipsec.${field}`, `the policy must be expressible on the NVA: ${why}`, p[field]);
  }
  if (p.dhGroup === "None") r.error("$.ipsec.dhGroup", "IKEv2 needs a Diffie-Hellman group; None cannot be configured in an IOS XE IKEv2 proposal", p.dhGroup);
  if (p.ipsecEncryption === "None") {
    r.error("$.ipsec.ipsecEncryption", "IPsec encryption None would send the tunnels' traffic in clear (ESP null); the IOS XE transform set needs a cipher", p.ipsecEncryption);
  }
};

export const gcmPairing: Rule = (spec, r) => {
  const p = spec.ipsec;
  // Azure: a GCM IPsec cipher needs the same GCM value as integrity, and GCM integrity needs that GCM cipher.
  if ((isGcm(p.ipsecEncryption) || isGcm(p.ipsecIntegrity)) && p.ipsecEncryption !== p.ipsecIntegrity) {
    const path = isGcm(p.ipsecEncryption) ? "$.ipsec.ipsecIntegrity" : "$.ipsec.ipsecEncryption";
    const value = isGcm(p.ipsecEncryption) ? p.ipsecIntegrity : p.ipsecEncryption;
    r.error(path, "with GCM, ipsecEncryption and ipsecIntegrity must name the same GCMAES algorithm and key length (e.g. GCMAES256 for both)", value);
  }
  // IKE: Azure documents no GCMAES IKEv2 integrity; a GCM IKE cipher authenticates itself and takes SHA256 or SHA384 as the PRF.
  if (isGcm(p.ikeIntegrity)) {
    r.error("$.ipsec.ikeIntegrity", "ikeIntegrity must be SHA256, SHA384 or SHA1: Azure documents no GCMAES IKEv2 integrity (use SHA256 or SHA384 with a GCMAES ikeEncryption)", p.ikeIntegrity);
  } else if (isGcm(p.ikeEncryption) && p.ikeIntegrity !== "SHA256" && p.ikeIntegrity !== "SHA384") {
    r.error("$.ipsec.ikeIntegrity", "a GCMAES ikeEncryption needs ikeIntegrity SHA256 or SHA384 (IOS XE uses it as the IKEv2 PRF)", p.ikeIntegrity);
  }
};

export const SA_LIFETIME_SECONDS = { min: 300, max: 172799 } as const;
export const SA_DATA_SIZE_KB = { azureMin: 1024, iosMin: 2560, max: 2147483647 } as const;

export const saLifetimes: Rule = (spec, r) => {
  const { saLifeTimeSeconds: s, saDataSizeKilobytes: kb } = spec.ipsec;
  if (s < SA_LIFETIME_SECONDS.min || s > SA_LIFETIME_SECONDS.max) {
    r.error("$.ipsec.saLifeTimeSeconds", `the IPsec SA lifetime must be ${SA_LIFETIME_SECONDS.min}-${SA_LIFETIME_SECONDS.max} seconds (Azure's range)`, s);
  }
  if (kb < SA_DATA_SIZE_KB.azureMin || kb > SA_DATA_SIZE_KB.max) {
    r.error("$.ipsec.saDataSizeKilobytes", `the IPsec SA data size must be ${SA_DATA_SIZE_KB.azureMin}-${SA_DATA_SIZE_KB.max} KB (Azure's range)`, kb);
  } else if (kb < SA_DATA_SIZE_KB.iosMin) {
    r.error("$.ipsec.saDataSizeKilobytes", `the IPsec SA data size must be at least ${SA_DATA_SIZE_KB.iosMin} KB, the smallest IOS XE accepts (Azure allows 1024)`, kb);
  }
};
