import { test } from "node:test";
import assert from "node:assert/strict";
import { iosKeyword } from "../../shared/ios/crypto-keywords.js";
import { DH_GROUPS, IKE_ENCRYPTIONS, IKE_INTEGRITIES, IPSEC_ENCRYPTIONS, IPSEC_INTEGRITIES, PFS_GROUPS } from "../../shared/spec/schema.js";

const REJECTED = new Set(["DES", "DES3", "MD5", "DHGroup1", "DHGroup2", "None:dhGroup", "PFS1", "PFS2", "PFSMM", "None:ipsecEncryption"]);
const fields = [
  ["ikeEncryption", IKE_ENCRYPTIONS],
  ["ikeIntegrity", IKE_INTEGRITIES],
  ["dhGroup", DH_GROUPS],
  ["ipsecEncryption", IPSEC_ENCRYPTIONS],
  ["ipsecIntegrity", IPSEC_INTEGRITIES],
  ["pfsGroup", PFS_GROUPS],
] as const;

test("every Azure policy value maps to an IOS XE keyword, or is rejected naming the field", () => {
  for (const [field, values] of fields) {
    for (const v of values) {
      const rejected = REJECTED.has(v) || REJECTED.has(`${v}:${field}`);
      if (rejected) assert.throws(() => iosKeyword(field, v), new RegExp(`ipsec\\.${field} ${v}`), `${field}=${v}`);
      else assert.doesNotThrow(() => iosKeyword(field, v), `${field}=${v}`);
    }
  }
});

test("aliases and GCM map as IOS expects", () => {
  assert.equal(iosKeyword("dhGroup", "DHGroup2048"), iosKeyword("dhGroup", "DHGroup14"));
  assert.equal(iosKeyword("pfsGroup", "PFS2048"), "group14");
  assert.equal(iosKeyword("ipsecEncryption", "GCMAES256"), "esp-gcm 256");
  assert.equal(iosKeyword("ipsecIntegrity", "GCMAES256"), null, "GCM needs no integrity transform");
  assert.equal(iosKeyword("pfsGroup", "None"), null);
});
