// The renderer (IOS XE from the spec) and the emulator's IKE/ESP agreement
// model must agree over the whole policy space Azure accepts: every policy
// the validator lets through comes up on every tunnel, and every policy it
// refuses is refused with a path under $.ipsec. Then one field is changed on
// one side only (the Azure connection, or one NVA's configuration): exactly
// that NVA's tunnels and gateway sessions go down, the reason names the
// field, and a change IOS cannot tell apart (an alias such as DHGroup2048 and
// DHGroup14, or a lifetime, which IKEv2 does not negotiate) takes nothing down.
// Plans are applied to the emulator's ARM engine in-process (test/helpers/plan-in-engine.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import type { NetworkState } from "../../emulator/network/types.js";
import { iosKeyword } from "../../shared/ios/crypto-keywords.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import { SA_DATA_SIZE_KB, SA_LIFETIME_SECONDS } from "../../shared/spec/rules/ipsec.js";
import { DH_GROUPS, IKE_ENCRYPTIONS, IKE_INTEGRITIES, IPSEC_ENCRYPTIONS, IPSEC_INTEGRITIES, PFS_GROUPS, type IpsecPolicySpec, type TopologySpec } from "../../shared/spec/schema.js";
import { validateSpec } from "../../shared/spec/validate.js";
import { applyPlanInEngine } from "../helpers/plan-in-engine.js";

const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));
const PSK_OF = (secretName: string) => `Psk-${secretName}-0123456789`;
const RUNS = 200;

const anyPolicy: fc.Arbitrary<IpsecPolicySpec> = fc.record({
  ikeEncryption: fc.constantFrom(...IKE_ENCRYPTIONS),
  ikeIntegrity: fc.constantFrom(...IKE_INTEGRITIES),
  dhGroup: fc.constantFrom(...DH_GROUPS),
  ipsecEncryption: fc.constantFrom(...IPSEC_ENCRYPTIONS),
  ipsecIntegrity: fc.constantFrom(...IPSEC_INTEGRITIES),
  pfsGroup: fc.constantFrom(...PFS_GROUPS),
  saLifeTimeSeconds: fc.integer({ min: SA_LIFETIME_SECONDS.min, max: SA_LIFETIME_SECONDS.max }),
  saDataSizeKilobytes: fc.integer({ min: SA_DATA_SIZE_KB.iosMin, max: SA_DATA_SIZE_KB.max }),
});

/** Azure pairs a GCM ESP cipher with the same GCM integrity: draw mostly pairs Azure accepts, so most draws deploy. */
const pairedPolicy = anyPolicy.map((p) => {
  if (p.ipsecEncryption.startsWith("GCMAES")) return { ...p, ipsecIntegrity: p.ipsecEncryption as IpsecPolicySpec["ipsecIntegrity"] };
  if (p.ipsecIntegrity.startsWith("GCMAES")) return { ...p, ipsecIntegrity: "SHA256" as const };
  return p;
});
const pskMode = fc.constantFrom("shared" as const, "perConnection" as const);

function specWith(ipsec: IpsecPolicySpec, mode: "shared" | "perConnection") {
  const raw = structuredClone(seed);
  raw.ipsec = ipsec;
  raw.keyVault.pskMode = mode;
  return validateSpec(raw);
}

const connectionOf = (id: string) => id.split("/").pop()!;

/** Names of everything down: tunnels and gateway sessions by connection and instance, Route Server sessions by peer. */
function down(s: NetworkState): string[] {
  return [
    ...s.tunnels.filter((t) => t.state !== "Connected").map((t) => `tunnel ${connectionOf(t.connectionId)}#${t.instance}`),
    ...s.gatewayPeers.filter((p) => p.state !== "Connected").map((p) => `gw ${connectionOf(p.connectionId)}#${p.instance}`),
    ...s.routeServerPeers.filter((p) => p.state !== "Connected").map((p) => `rs ${p.peerIp}<>${p.routerIp}`),
  ].sort();
}

test(`every policy Azure accepts and the validator lets through comes up on every tunnel (${RUNS} drawn)`, async () => {
  let deployed = 0;
  await fc.assert(
    fc.asyncProperty(pairedPolicy, pskMode, async (ipsec, mode) => {
      const r = specWith(ipsec, mode);
      fc.pre(r.ok);
      if (!r.ok) return;
      const { state } = await applyPlanInEngine(planFromSpec(r.spec), PSK_OF);
      assert.deepEqual(down(state), [], JSON.stringify(state.tunnels.flatMap((t) => t.reasons)));
      assert.equal(state.tunnels.length, 4);
      assert.equal(state.gatewayPeers.length, 4);
      assert.equal(state.routeServerPeers.length, 4);
      deployed++;
    }),
    { numRuns: RUNS, seed: 20261205, maxSkipsPerRun: 1000 },
  );
  assert.ok(deployed >= RUNS, `only ${deployed} policies deployed`);
});

test("every policy the validator refuses is refused on a $.ipsec path, with a rule", () => {
  fc.assert(
    fc.property(anyPolicy, (ipsec) => {
      const r = specWith(ipsec, "shared");
      if (r.ok) return;
      assert.ok(r.violations.length > 0);
      for (const v of r.violations) {
        assert.match(v.path, /^\$\.ipsec\./, JSON.stringify(v));
        assert.ok(v.rule.length > 10, JSON.stringify(v));
      }
    }),
    { numRuns: 1000, seed: 20261205 },
  );
});

type Field = keyof IpsecPolicySpec;
const FIELDS: Field[] = ["ikeEncryption", "ikeIntegrity", "dhGroup", "ipsecEncryption", "ipsecIntegrity", "pfsGroup", "saLifeTimeSeconds", "saDataSizeKilobytes"];

/** Does IOS see the change at all? Aliases map to one keyword; lifetimes are not negotiated in IKEv2. */
function material(field: Field, from: IpsecPolicySpec, to: IpsecPolicySpec): boolean {
  if (field === "saLifeTimeSeconds" || field === "saDataSizeKilobytes") return false;
  if (field === "ikeIntegrity" || field === "ikeEncryption") {
    // GCM authenticates itself: the hash is the PRF and still matters; nothing here is an alias.
    return from[field] !== to[field];
  }
  return iosKeyword(field, String(from[field])) !== iosKeyword(field, String(to[field]));
}

test(`one field changed on one side only takes down exactly that NVA's tunnels, naming the field (${RUNS} drawn)`, async () => {
  const spec = (r: ReturnType<typeof validateSpec>): TopologySpec => {
    if (!r.ok) throw new Error("drawn spec must validate");
    return r.spec;
  };
  let materialCases = 0;
  await fc.assert(
    fc.asyncProperty(pairedPolicy, pairedPolicy, fc.constantFrom(...FIELDS), fc.constantFrom("azure" as const, "nva" as const), fc.integer({ min: 0, max: 1 }), pskMode, async (base, other, field, side, nvaIndex, mode) => {
      const changed = { ...base, [field]: other[field] } as IpsecPolicySpec;
      const before = specWith(base, mode);
      const after = specWith(changed, mode);
      fc.pre(before.ok && after.ok && base[field] !== changed[field]);
      const plan = planFromSpec(spec(before));
      const nva = plan.topology.nvas[nvaIndex]!;
      const changedPlan = planFromSpec(spec(after));
      if (side === "nva") plan.nvaConfigs[nva.name] = changedPlan.nvaConfigs[nva.name]!;
      else {
        // The Azure side: the connection to this NVA carries the changed policy.
        const con = plan.resources.find((x) => x.type === "Microsoft.Network/connections" && x.name === nva.connectionName)!;
        con.body = changedPlan.resources.find((x) => x.id === con.id)!.body;
      }
      const { state } = await applyPlanInEngine(plan, PSK_OF);
      if (!material(field, base, changed)) {
        assert.deepEqual(down(state), [], `${field} ${base[field]} -> ${changed[field]} on the ${side} side must change nothing`);
        return;
      }
      materialCases++;
      const c = nva.connectionName;
      assert.deepEqual(down(state), [`gw ${c}#0`, `gw ${c}#1`, `tunnel ${c}#0`, `tunnel ${c}#1`], `${field} ${base[field]} -> ${changed[field]} on the ${side} side`);
      for (const t of state.tunnels.filter((x) => connectionOf(x.connectionId) === c)) {
        assert.match(t.reasons.join("; "), new RegExp(`mismatch on [a-zA-Z, ]*\\b${field}\\b`), `${field}: ${t.reasons.join("; ")}`);
      }
    }),
    { numRuns: RUNS, seed: 20261205, maxSkipsPerRun: 1000 },
  );
  assert.ok(materialCases > RUNS / 3, `only ${materialCases} of ${RUNS} changes were material`);
});
