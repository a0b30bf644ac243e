// The custom IPsec/IKE policy must be one Azure accepts AND IOS XE 17 can
// express. Sources: Microsoft Learn "Configure custom IPsec/IKE connection
// policies for S2S VPN" (values, GCM pairing, SA lifetime minimums; IPsec SA
// lifetime 300-172799 s, data size at least 1024 KB); Cisco IOS XE 17
// Security Configuration Guide (IKEv2 proposals no longer offer DES, 3DES,
// MD5 or DH groups 1/2 after the weak-crypto removal; `set
// security-association lifetime kilobytes` takes 2560-4294967295).
import type { Rule } from "../report.js";

const NOT_ON_IOS_XE: Record<string, string> = {
  DES: "DES is not offered by IOS XE 17 (weak cipher removed)",
  DES3: "3DES is not offered by IOS XE 17 (weak cipher removed)",
  MD5: "MD5 is not offered by IOS XE 17 (weak hash removed)",
  DHGroup1: "DH group 1 is not offered by IOS XE 17 (weak group removed)",
  DHGroup2: "DH group 2 is not offered by IOS XE 17 (weak group removed)",
  PFS1: "PFS group 1 is not offered by IOS XE 17 (weak group removed)",
  PFS2: "PFS group 2 is not offered by IOS XE 17 (weak group removed)",
  PFSMM: "PFSMM (PFS with the main-mode group) is Azure-specific and has no IOS XE equivalent",
};

export const ipsecPolicyExpressible: Rule = (spec, r) => {
  const p = spec.ipsec;
  for (const field of ["ikeEncryption", "ikeIntegrity", "dhGroup", "ipsecEncryption", "ipsecIntegrity", "pfsGroup"] as const) {
    const why = NOT_ON_IOS_XE[p[field]];
    if (why) r.error(`$.ipsec.${field}`, `the policy must be expressible on the NVA: ${why}`, p[field]);
  }
  if (p.dhGroup === "None") r.error("$.ipsec.dhGroup", "IKEv2 needs a DH group (None is not a valid IKE group)", p.dhGroup);
  if (p.ipsecEncryption === "None") r.error("$.ipsec.ipsecEncryption", "IPsec encryption None (null cipher) is not allowed for this VPN", p.ipsecEncryption);
};

export const gcmPairing: Rule = (spec, r) => {
  const p = spec.ipsec;
  const gcm = (v: string) => v.startsWith("GCMAES");
  // Azure: with a GCM cipher the integrity field must name the same GCM algorithm, and GCM integrity needs GCM encryption.
  if ((gcm(p.ipsecEncryption) || gcm(p.ipsecIntegrity)) && p.ipsecEncryption !== p.ipsecIntegrity) {
    r.error("$.ipsec.ipsecIntegrity", "with GCM, ipsecIntegrity must equal ipsecEncryption (GCMAES128/192/256 on both)", p.ipsecIntegrity);
  }
  // IKE: GCM integrity values only make sense with the same GCM cipher (IKEv2 then uses a PRF); the reverse (GCM
  // cipher with SHA256/SHA384) is fine on both sides.
  if (gcm(p.ikeIntegrity) && p.ikeIntegrity !== p.ikeEncryption) {
    r.error("$.ipsec.ikeIntegrity", "ikeIntegrity GCMAES128/256 requires the same GCMAES ikeEncryption", p.ikeIntegrity);
  }
  if (gcm(p.ikeEncryption) && p.ikeIntegrity === "SHA1") {
    r.error("$.ipsec.ikeIntegrity", "with GCM IKE encryption use SHA256, SHA384 or the matching GCMAES value", p.ikeIntegrity);
  }
};

export const saLifetimes: Rule = (spec, r) => {
  const { saLifeTimeSeconds: s, saDataSizeKilobytes: kb } = spec.ipsec;
  if (s < 300 || s > 172799) r.error("$.ipsec.saLifeTimeSeconds", "the IPsec SA lifetime must be 300-172799 seconds (Azure's range)", s);
  if (kb < 2560 || kb > 2147483647) {
    r.error("$.ipsec.saDataSizeKilobytes", "the IPsec SA data size must be 2560-2147483647 KB (Azure needs at least 1024, IOS XE at least 2560)", kb);
  }
};
