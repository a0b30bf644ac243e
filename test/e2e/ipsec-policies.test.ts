// Every GCM policy Azure offers deploys end to end: the rendered IOS XE
// (aes-gcm IKEv2 proposals with a prf, esp-gcm transform-sets) and the
// connection's policy must agree in the emulator, so all four tunnels and
// every gateway and Route Server session come up. Each policy is its own
// deployment in its own resource group on one local stack.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startLocalStack, type LocalStack } from "../../emulator/local-stack.js";
import { instanceId, ORCHESTRATION } from "../../shared/names.js";
import { validateSpec } from "../../shared/spec/validate.js";
import type { IpsecPolicySpec } from "../../shared/spec/schema.js";

const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));

/** Azure's GCM policies (Microsoft Learn, "IPsec/IKE policy for S2S VPN": GCM needs a matching PRF/integrity). */
const GCM_POLICIES: Array<{ label: string; ipsec: Partial<IpsecPolicySpec> }> = [
  { label: "IKE GCMAES256/SHA384/DHGroup24, ESP GCMAES256, PFS24", ipsec: { ikeEncryption: "GCMAES256", ikeIntegrity: "SHA384", dhGroup: "DHGroup24", ipsecEncryption: "GCMAES256", ipsecIntegrity: "GCMAES256", pfsGroup: "PFS24" } },
  { label: "IKE GCMAES128/SHA256/ECP256, ESP GCMAES128, ECP256", ipsec: { ikeEncryption: "GCMAES128", ikeIntegrity: "SHA256", dhGroup: "ECP256", ipsecEncryption: "GCMAES128", ipsecIntegrity: "GCMAES128", pfsGroup: "ECP256" } },
  { label: "IKE AES256/SHA384/ECP384, ESP GCMAES192, no PFS", ipsec: { ikeEncryption: "AES256", ikeIntegrity: "SHA384", dhGroup: "ECP384", ipsecEncryption: "GCMAES192", ipsecIntegrity: "GCMAES192", pfsGroup: "None" } },
  { label: "IKE GCMAES256/SHA256/DHGroup14, ESP GCMAES256, perConnection PSKs", ipsec: { ikeEncryption: "GCMAES256", ikeIntegrity: "SHA256", dhGroup: "DHGroup14", ipsecEncryption: "GCMAES256", ipsecIntegrity: "GCMAES256", pfsGroup: "None" } },
];

let stack: LocalStack;
before(async () => {
  stack = await startLocalStack();
});
after(async () => {
  await stack.close();
});

GCM_POLICIES.forEach(({ label, ipsec }, i) => {
  test(`GCM policy deploys with every session Connected: ${label}`, async () => {
    const raw = structuredClone(seed);
    raw.name = `gcm-${i}`;
    raw.resourceGroup = `gcm-${i}-rg`;
    raw.ipsec = { ...raw.ipsec, ...ipsec };
    if (label.includes("perConnection")) raw.keyVault.pskMode = "perConnection";
    const r = validateSpec(raw);
    assert.ok(r.ok, JSON.stringify(!r.ok && r.violations));
    await stack.seedSecrets(r.spec);
    const id = stack.host.start(ORCHESTRATION.deployTopology, { instanceId: instanceId.deploy(r.spec.name), input: { spec: r.spec } });
    const status = await stack.host.waitForCompletion(id);
    const out = status.output as any;
    const reasons = stack.emulator.networkState().tunnels.flatMap((t) => t.reasons);
    assert.equal(out?.status, "Succeeded", JSON.stringify({ reasons, failures: out?.failures }, null, 1));
    assert.equal(out.sessions.gateway.length, 4);
    assert.ok(out.sessions.gateway.every((s: any) => s.state === "Connected"));
    assert.equal(out.sessions.routeServer.length, 4);
    assert.ok(out.sessions.routeServer.every((s: any) => s.state === "Connected"));
  });
});
