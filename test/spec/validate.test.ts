// One mutation of the seed lab per rule: each must be caught at its path
// with a rule that says what is wrong, and nothing else may fire.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { validateSpec } from "../../shared/spec/validate.js";

const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));
const mutate = (f: (s: any) => void) => {
  const s = structuredClone(seed);
  f(s);
  return s;
};
const extraNvas = (s: any, count: number) => {
  s.nvas = Array.from({ length: count }, (_, i) => ({ name: `n${i}`, asn: 65002, outsideIp: `10.10.0.${10 + i}`, insideIp: `10.10.1.${10 + i}` }));
};

test("the seed lab is valid, with no warnings", () => {
  const r = validateSpec(seed);
  assert.equal(r.ok, true, JSON.stringify(r));
  assert.deepEqual(r.warnings, []);
});

const cases: Array<[string, (s: any) => void, string, RegExp]> = [
  ["gateway APIPA outside 169.254.21.0-22.255", (s) => (s.nvas[0].gatewayBgpIps[1] = "169.254.23.6"), "$.nvas[0].gatewayBgpIps[1]", /169\.254\.21\.0-169\.254\.22\.255/],
  ["duplicate APIPA address", (s) => (s.nvas[1].loopbackIp = "169.254.21.6"), "$.nvas[1].loopbackIp", /unique.*\$\.nvas\[0\]\.gatewayBgpIps\[1\]/],
  ["loopback outside 169.254.0.0/16", (s) => (s.nvas[0].loopbackIp = "10.99.0.1"), "$.nvas[0].loopbackIp", /169\.254\.0\.0\/16/],
  ["loopback in an RFC 3927 reserved /24", (s) => (s.nvas[0].loopbackIp = "169.254.255.9"), "$.nvas[0].loopbackIp", /RFC 3927/],
  ["NVA ASN reserved by Azure", (s) => s.nvas.forEach((n: any) => (n.asn = 65515)), "$.nvas[0].asn", /reserved by Azure/],
  ["NVA ASN reserved by IANA", (s) => s.nvas.forEach((n: any) => (n.asn = 64500)), "$.nvas[0].asn", /reserved by IANA/],
  ["gateway ASN equal to the NVAs'", (s) => (s.gateway.asn = 65002), "$.gateway.asn", /differ from the NVAs/],
  ["gateway ASN 65515 with Route Server", (s) => (s.gateway.asn = 65515), "$.gateway.asn", /AS-path loop/],
  ["subnet outside its VNet", (s) => (s.clientVnet.subnets[2].prefix = "10.1.2.0/24"), "$.clientVnet.subnets[2].prefix", /inside the VNet's address space/],
  ["overlapping subnets", (s) => (s.providerVnet.subnets[0].prefix = "10.10.1.0/25"), "$.providerVnet.subnets[0].prefix", /must not overlap.*inside/],
  ["overlapping VNets", (s) => (s.providerVnet.addressSpace = ["10.0.0.0/8"]), "$.providerVnet.addressSpace[0]", /two VNets must not overlap/],
  ["prefix with host bits", (s) => (s.clientVnet.subnets[0].prefix = "10.0.0.5/24"), "$.clientVnet.subnets[0].prefix", /network address/],
  ["GatewaySubnet too small", (s) => (s.clientVnet.gatewaySubnet = "10.0.3.0/30"), "$.clientVnet.gatewaySubnet", /\/29 or larger/],
  ["RouteServerSubnet too small", (s) => (s.providerVnet.routeServerSubnet = "10.10.4.0/27"), "$.providerVnet.routeServerSubnet", /\/26 or larger/],
  ["RouteServerSubnet missing", (s) => delete s.providerVnet.routeServerSubnet, "$.providerVnet.routeServerSubnet", /required when Route Server/],
  ["a user subnet named GatewaySubnet", (s) => (s.clientVnet.subnets[2].name = "GatewaySubnet"), "$.clientVnet.subnets[2].name", /own field/],
  ["NVA outside IP outside its subnet", (s) => (s.nvas[0].outsideIp = "10.10.2.4"), "$.nvas[0].outsideIp", /inside the outside subnet/],
  ["NVA IP Azure reserves", (s) => (s.nvas[0].insideIp = "10.10.1.1"), "$.nvas[0].insideIp", /reserves the first four/],
  ["duplicate NVA IP", (s) => (s.nvas[1].insideIp = "10.10.1.4"), "$.nvas[1].insideIp", /unique/],
  ["duplicate NVA name", (s) => (s.nvas[1].name = "c8k-10"), "$.nvas[1].name", /NVA names must be unique/],
  ["duplicate public IP name", (s) => (s.nvas[1].publicIpName = "gw-1-pip"), "$.nvas[1].publicIpName", /public IP names must be unique/],
  ["weak IKE cipher", (s) => (s.ipsec.ikeEncryption = "DES3"), "$.ipsec.ikeEncryption", /IOS XE 17/],
  ["Azure-only PFS", (s) => (s.ipsec.pfsGroup = "PFSMM"), "$.ipsec.pfsGroup", /Azure-specific/],
  ["GCM without matching integrity", (s) => (s.ipsec.ipsecEncryption = "GCMAES256"), "$.ipsec.ipsecIntegrity", /must equal ipsecEncryption/],
  ["SA lifetime too short", (s) => (s.ipsec.saLifeTimeSeconds = 120), "$.ipsec.saLifeTimeSeconds", /300-172799/],
  ["SA data size below IOS minimum", (s) => (s.ipsec.saDataSizeKilobytes = 2000), "$.ipsec.saDataSizeKilobytes", /2560/],
  ["nine NVAs with Route Server", (s) => extraNvas(s, 9), "$.nvas", /at most 8 NVAs with Route Server/],
  ["more tunnels than the SKU allows", (s) => { extraNvas(s, 16); s.routeServer.enabled = false; delete s.providerVnet.routeServerSubnet; }, "$.nvas", /VpnGw1AZ supports 30 S2S tunnels/],
  ["VpnGw1AZ Generation2", (s) => (s.gateway.generation = "Generation2"), "$.gateway.generation", /Generation1 only/],
  ["no admin credential", (s) => delete s.nvaDefaults.adminPasswordSecretName, "$.nvaDefaults", /sshPublicKey or adminPasswordSecretName/],
  ["the ownership tag set by the user", (s) => (s.tags["bowtie-deployment"] = "x"), '$.tags["bowtie-deployment"]', /ownership tag/],
  ["an unknown field", (s) => (s.gateway.skuu = "VpnGw2AZ"), "$.gateway.skuu", /not a known field/],
  ["a required field missing", (s) => delete s.resourceGroup, "$.resourceGroup", /required/],
  ["an Azure naming rule", (s) => (s.clientVnet.name = "-bad-"), "$.clientVnet.name", /start with a letter or digit/],
  ["an invalid IPv4 address", (s) => (s.nvas[0].outsideIp = "10.10.0.400"), "$.nvas[0].outsideIp", /IPv4 address/],
];

for (const [what, change, path, rule] of cases) {
  test(`rejects ${what} at ${path}`, () => {
    const r = validateSpec(mutate(change));
    assert.equal(r.ok, false, `${what} must be rejected`);
    if (r.ok) return;
    const hit = r.violations.find((v) => v.path === path);
    assert.ok(hit, `no violation at ${path}: ${JSON.stringify(r.violations)}`);
    assert.match(hit.rule, rule);
  });
}

test("all violations are reported at once", () => {
  const r = validateSpec(mutate((s) => {
    s.nvas[0].gatewayBgpIps[0] = "169.254.30.2";
    s.gateway.asn = 65002;
    s.ipsec.saLifeTimeSeconds = 10;
  }));
  assert.equal(r.ok, false);
  if (!r.ok) assert.deepEqual(r.violations.map((v) => v.path).sort(), ["$.gateway.asn", "$.ipsec.saLifeTimeSeconds", "$.nvas[0].gatewayBgpIps[0]"]);
});

test("warnings do not reject: a small GatewaySubnet and a 4-byte ASN with Route Server", () => {
  const r = validateSpec(mutate((s) => {
    s.clientVnet.gatewaySubnet = "10.0.3.0/28";
    s.nvas.forEach((n: any) => (n.asn = 4200000000));
  }));
  assert.equal(r.ok, true, JSON.stringify(r));
  assert.deepEqual(r.warnings.map((w) => w.path).sort(), ["$.clientVnet.gatewaySubnet", "$.nvas[0].asn", "$.nvas[1].asn"]);
});

for (const count of [1, 3, 4]) {
  test(`${count} NVA(s) with every APIPA address omitted validate cleanly`, () => {
    const r = validateSpec(mutate((s) => extraNvas(s, count)));
    assert.equal(r.ok, true, JSON.stringify(r));
  });
}
