// Config-level agreement, for every IPsec policy the validator accepts: the
// strongSwan proposals the twin derives from Azure's values (the gateway
// side) equal those it derives from the rendered IOS XE as the emulator's
// reader understood it (the NVA side). A renderer that wrote a keyword Azure
// would not match fails here without any daemon running.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parseIosConfig } from "../../emulator/network/ios/parse.js";
import { iosConfigurationFromCustomData } from "../../emulator/network/ios/bootstrap.js";
import { fillText } from "../../shared/plan/placeholders.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import { DH_GROUPS, IKE_ENCRYPTIONS, IKE_INTEGRITIES, IPSEC_ENCRYPTIONS, IPSEC_INTEGRITIES, PFS_GROUPS } from "../../shared/spec/schema.js";
import { validateSpec } from "../../shared/spec/validate.js";
import { azureEspProposal, azureIkeProposal, iosEspProposal, iosIkeProposal } from "../../twin/proposals.js";

const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));

function* everyAcceptedPolicy() {
  for (const ikeEncryption of IKE_ENCRYPTIONS)
    for (const ikeIntegrity of IKE_INTEGRITIES)
      for (const dhGroup of DH_GROUPS)
        for (const ipsecEncryption of IPSEC_ENCRYPTIONS)
          for (const ipsecIntegrity of IPSEC_INTEGRITIES)
            for (const pfsGroup of PFS_GROUPS) {
              const raw = structuredClone(seed);
              raw.ipsec = { ...raw.ipsec, ikeEncryption, ikeIntegrity, dhGroup, ipsecEncryption, ipsecIntegrity, pfsGroup };
              const r = validateSpec(raw);
              if (r.ok) yield r.spec;
            }
}

test("every accepted policy gives the same strongSwan proposals from Azure's values and from the rendered IOS XE", () => {
  let checked = 0;
  for (const spec of everyAcceptedPolicy()) {
    const plan = planFromSpec(spec);
    const text = fillText(plan.nvaConfigs["c8k-10"]!, (ref) => (ref.kind === "secret" ? "psk" : ref.kind === "routeServerIp" ? "10.10.4.4" : "192.0.2.1"));
    const ios = parseIosConfig(iosConfigurationFromCustomData(Buffer.from(text).toString("base64")));
    const proposals = [...ios.ikev2Proposals.values()];
    assert.equal(proposals.length, 1);
    const profile = [...ios.ipsecProfiles.values()][0]!;
    const set = ios.transformSets.get(profile.transformSets[0]!)!;
    const label = JSON.stringify(spec.ipsec);
    assert.equal(iosIkeProposal(proposals[0]!), azureIkeProposal(spec.ipsec), label);
    assert.equal(iosEspProposal(set.transforms, profile.pfsGroup), azureEspProposal(spec.ipsec), label);
    checked++;
  }
  assert.ok(checked > 500, `only ${checked} accepted policies`);
});

test("AEAD proposals carry a PRF and no integrity; CBC ones use the hash for both", () => {
  const policy = { ...seed.ipsec, ikeEncryption: "GCMAES256", ikeIntegrity: "SHA384", dhGroup: "DHGroup24", ipsecEncryption: "GCMAES256", ipsecIntegrity: "GCMAES256", pfsGroup: "PFS24" };
  assert.equal(azureIkeProposal(policy), "aes256gcm16-prfsha384-modp2048s256");
  assert.equal(azureEspProposal(policy), "aes256gcm16-modp2048s256");
  assert.equal(iosIkeProposal({ encryption: ["aes-cbc-256"], integrity: ["sha256"], prf: [], groups: ["14"] }), "aes256-sha256-prfsha256-modp2048");
  assert.throws(() => iosIkeProposal({ encryption: ["3des"], integrity: ["md5"], prf: [], groups: ["2"] }), /cannot express IKEv2 encryption 3des/);
});
