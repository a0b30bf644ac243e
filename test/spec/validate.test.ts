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
/** Replace the seed's NVAs with `count` NVAs whose APIPA addresses are all omitted. */
const extraNvas = (s: any, count: number) => {
  s.nvas = Array.from({ length: count }, (_, i) => ({ name: `n${i}`, asn: 65002, outsideIp: `10.10.0.${10 + i}`, insideIp: `10.10.1.${10 + i}` }));
};

test("the seed lab is valid, with no warnings", () => {
  const r = validateSpec(seed);
  assert.equal(r.ok, true, JSON.stringify(r));
  assert.deepEqual(r.warnings, []);
});

const longSecret = "p".repeat(120); // + "-c8k-10" = 127 characters (fits), + "-c8k-200" = 128 (does not)
const bigSpec = (s: any, count: number, sku: string) => {
  extraNvas(s, count);
  s.routeServer.enabled = false;
  delete s.providerVnet.routeServerSubnet;
  s.gateway.sku = sku;
};

// [what, mutation, path, rule]: the mutation breaks exactly that rule, so the
// violation must be the only one (every path listed in the result equals path).
const cases: Array<[string, (s: any) => void, string, RegExp]> = [
  // APIPA
  ["gateway APIPA outside 169.254.21.0-22.255", (s) => (s.nvas[0].gatewayBgpIps[1] = "169.254.23.6"), "$.nvas[0].gatewayBgpIps[1]", /169\.254\.21\.0-169\.254\.22\.255/],
  ["gateway APIPA in another /16", (s) => (s.nvas[1].gatewayBgpIps[0] = "10.10.3.2"), "$.nvas[1].gatewayBgpIps[0]", /169\.254\.21\.0-169\.254\.22\.255/],
  ["duplicate APIPA address (loopback vs gateway)", (s) => (s.nvas[1].loopbackIp = "169.254.21.6"), "$.nvas[1].loopbackIp", /unique.*\$\.nvas\[0\]\.gatewayBgpIps\[1\]/],
  ["duplicate gateway APIPA address across NVAs", (s) => (s.nvas[1].gatewayBgpIps[0] = "169.254.21.2"), "$.nvas[1].gatewayBgpIps[0]", /unique/],
  ["duplicate gateway APIPA address across instances", (s) => (s.nvas[0].gatewayBgpIps[1] = "169.254.21.2"), "$.nvas[0].gatewayBgpIps[1]", /unique/],
  ["loopback outside 169.254.0.0/16", (s) => (s.nvas[0].loopbackIp = "10.99.0.1"), "$.nvas[0].loopbackIp", /169\.254\.0\.0\/16/],
  ["loopback in the last /24 (RFC 3927)", (s) => (s.nvas[0].loopbackIp = "169.254.255.9"), "$.nvas[0].loopbackIp", /RFC 3927/],
  ["loopback in the first /24 (RFC 3927)", (s) => (s.nvas[0].loopbackIp = "169.254.0.9"), "$.nvas[0].loopbackIp", /RFC 3927/],
  // ASNs
  ["NVA ASN reserved by Azure", (s) => (s.nvas[1].asn = 65515), "$.nvas[1].asn", /reserved by Azure/],
  ["NVA ASN 8075 (Azure public)", (s) => (s.nvas[1].asn = 8075), "$.nvas[1].asn", /reserved by Azure/],
  ["NVA ASN reserved by IANA", (s) => (s.nvas[0].asn = 64500), "$.nvas[0].asn", /reserved by IANA/],
  ["NVA ASN 23456 (AS_TRANS)", (s) => (s.nvas[0].asn = 23456), "$.nvas[0].asn", /reserved by IANA/],
  ["gateway ASN reserved by Azure", (s) => (s.gateway.asn = 12076), "$.gateway.asn", /reserved by Azure/],
  ["gateway ASN 65518 (Azure private)", (s) => (s.gateway.asn = 65518), "$.gateway.asn", /reserved by Azure/],
  ["gateway ASN reserved by IANA", (s) => (s.gateway.asn = 65540), "$.gateway.asn", /reserved by IANA/],
  ["gateway ASN equal to the NVAs'", (s) => (s.gateway.asn = 65002), "$.gateway.asn", /differ from the NVAs/],
  ["gateway ASN 65515 with Route Server", (s) => (s.gateway.asn = 65515), "$.gateway.asn", /AS-path loop/],
  ["ASN 0", (s) => (s.nvas[0].asn = 0), "$.nvas[0].asn", /between 1 and 4294967294/],
  ["ASN 4294967295", (s) => (s.gateway.asn = 4294967295), "$.gateway.asn", /4294967294/],
  // subnets and VNets
  ["subnet outside its VNet", (s) => (s.clientVnet.subnets[2].prefix = "10.1.2.0/24"), "$.clientVnet.subnets[2].prefix", /inside the VNet's address space/],
  ["GatewaySubnet outside its VNet", (s) => (s.clientVnet.gatewaySubnet = "10.1.3.0/24"), "$.clientVnet.gatewaySubnet", /inside the VNet's address space/],
  ["overlapping subnets", (s) => (s.providerVnet.subnets[0].prefix = "10.10.1.0/25"), "$.providerVnet.subnets[0].prefix", /must not overlap.*inside/],
  ["overlapping address-space prefixes of one VNet", (s) => s.clientVnet.addressSpace.push("10.0.128.0/17"), "$.clientVnet.addressSpace[1]", /must not overlap/],
  ["overlapping VNets", (s) => (s.providerVnet.addressSpace = ["10.0.0.0/8"]), "$.providerVnet.addressSpace[0]", /two VNets must not overlap/],
  ["prefix with host bits", (s) => (s.clientVnet.subnets[0].prefix = "10.0.0.5/24"), "$.clientVnet.subnets[0].prefix", /network address/],
  ["a subnet smaller than /29", (s) => (s.clientVnet.subnets[2].prefix = "10.0.2.0/30"), "$.clientVnet.subnets[2].prefix", /\/29 or larger.*smallest subnet Azure supports/],
  ["duplicate subnet name in a VNet", (s) => (s.clientVnet.subnets[1].name = "outside"), "$.clientVnet.subnets[1].name", /unique in a VNet/],
  ["duplicate subnet name in other case", (s) => (s.providerVnet.subnets[0].name = "Inside"), "$.providerVnet.subnets[0].name", /unique in a VNet/],
  ["a user subnet named GatewaySubnet", (s) => (s.clientVnet.subnets[2].name = "GatewaySubnet"), "$.clientVnet.subnets[2].name", /reserved.*own fields/],
  ["a user subnet named gatewaysubnet (lower case)", (s) => (s.clientVnet.subnets[2].name = "gatewaysubnet"), "$.clientVnet.subnets[2].name", /reserved.*own fields/],
  ["a user subnet named RouteServerSubnet", (s) => (s.providerVnet.subnets[0].name = "RouteServerSubnet"), "$.providerVnet.subnets[0].name", /reserved.*own fields/],
  ["the outside subnet named RouteServerSubnet", (s) => (s.providerVnet.outsideSubnet.name = "RouteServerSubnet"), "$.providerVnet.outsideSubnet.name", /reserved.*own fields/],
  ["outside and inside the same subnet", (s) => (s.providerVnet.insideSubnet.name = "outside"), "$.providerVnet.insideSubnet.name", /must be different subnets/],
  ["GatewaySubnet too small", (s) => (s.clientVnet.gatewaySubnet = "10.0.3.0/30"), "$.clientVnet.gatewaySubnet", /GatewaySubnet must be \/29 or larger/],
  ["RouteServerSubnet too small", (s) => (s.providerVnet.routeServerSubnet = "10.10.4.0/27"), "$.providerVnet.routeServerSubnet", /\/26 or larger/],
  ["RouteServerSubnet missing", (s) => delete s.providerVnet.routeServerSubnet, "$.providerVnet.routeServerSubnet", /required when Route Server/],
  // NVA private IPs
  ["NVA outside IP outside its subnet", (s) => (s.nvas[0].outsideIp = "10.10.2.4"), "$.nvas[0].outsideIp", /inside the outside subnet/],
  ["NVA inside IP in the outside subnet", (s) => (s.nvas[1].insideIp = "10.10.0.9"), "$.nvas[1].insideIp", /inside the inside subnet/],
  ["NVA IP at the network address", (s) => (s.nvas[0].outsideIp = "10.10.0.0"), "$.nvas[0].outsideIp", /reserves the first four/],
  ["NVA IP at Azure's default gateway (.1)", (s) => (s.nvas[0].insideIp = "10.10.1.1"), "$.nvas[0].insideIp", /reserves the first four/],
  ["NVA IP at Azure DNS (.3)", (s) => (s.nvas[1].insideIp = "10.10.1.3"), "$.nvas[1].insideIp", /reserves the first four/],
  ["NVA IP at the broadcast address Azure reserves", (s) => (s.nvas[0].outsideIp = "10.10.0.255"), "$.nvas[0].outsideIp", /reserves the first four and the last/],
  ["duplicate NVA IP", (s) => (s.nvas[1].insideIp = "10.10.1.4"), "$.nvas[1].insideIp", /unique/],
  // names after defaults
  ["duplicate NVA name (case-insensitive)", (s) => (s.nvas[1].name = "C8K-10"), "$.nvas[1].name", /NVA names must be unique/],
  ["the two VNets with one name", (s) => (s.providerVnet.name = "Client-Vnet"), "$.providerVnet.name", /virtual network names must be unique/],
  ["duplicate public IP name", (s) => (s.nvas[1].publicIpName = "gw-1-pip"), "$.nvas[1].publicIpName", /public IP names must be unique/],
  ["gateway public IPs with one name", (s) => (s.gateway.instances[1].publicIpName = "gw-1-pip"), "$.gateway.instances[1].publicIpName", /public IP names must be unique/],
  ["public IP name equal to Route Server's default", (s) => (s.nvas[1].publicIpName = "provider-Vnet-rs-pip"), "$.routeServer.publicIpName", /public IP names must be unique/],
  ["an NVA's default public IP name taken by another", (s) => { delete s.nvas[1].publicIpName; s.nvas[0].publicIpName = "c8k-20-pip"; }, "$.nvas[1].publicIpName", /public IP names must be unique/],
  ["local network gateway name equal to another's default", (s) => (s.nvas[1].localNetworkGatewayName = "lng-c8k-10"), "$.nvas[1].localNetworkGatewayName", /local network gateway names must be unique/],
  ["duplicate connection name", (s) => { s.nvas[0].connectionName = "con"; s.nvas[1].connectionName = "con"; }, "$.nvas[1].connectionName", /connection names must be unique/],
  ["gateway ipConfig names equal", (s) => (s.gateway.instances[1].ipConfigName = "vnetgwconfig"), "$.gateway.instances[1].ipConfigName", /ipConfiguration names must be unique/],
  // IPsec/IKE policy
  ["DES3 IKE cipher", (s) => (s.ipsec.ikeEncryption = "DES3"), "$.ipsec.ikeEncryption", /IOS XE 17/],
  ["DES IPsec cipher", (s) => (s.ipsec.ipsecEncryption = "DES"), "$.ipsec.ipsecEncryption", /IOS XE 17/],
  ["MD5 IKE integrity", (s) => (s.ipsec.ikeIntegrity = "MD5"), "$.ipsec.ikeIntegrity", /MD5 is not offered/],
  ["MD5 IPsec integrity", (s) => (s.ipsec.ipsecIntegrity = "MD5"), "$.ipsec.ipsecIntegrity", /MD5 is not offered/],
  ["DH group 1", (s) => (s.ipsec.dhGroup = "DHGroup1"), "$.ipsec.dhGroup", /DH group 1/],
  ["DH group 2", (s) => (s.ipsec.dhGroup = "DHGroup2"), "$.ipsec.dhGroup", /DH group 2/],
  ["DH group None", (s) => (s.ipsec.dhGroup = "None"), "$.ipsec.dhGroup", /needs a Diffie-Hellman group/],
  ["PFS group 1", (s) => (s.ipsec.pfsGroup = "PFS1"), "$.ipsec.pfsGroup", /PFS group 1/],
  ["PFS group 2", (s) => (s.ipsec.pfsGroup = "PFS2"), "$.ipsec.pfsGroup", /PFS group 2/],
  ["Azure-only PFSMM", (s) => (s.ipsec.pfsGroup = "PFSMM"), "$.ipsec.pfsGroup", /Azure-specific/],
  ["IPsec encryption None", (s) => (s.ipsec.ipsecEncryption = "None"), "$.ipsec.ipsecEncryption", /in clear/],
  ["GCM IPsec cipher without GCM integrity", (s) => (s.ipsec.ipsecEncryption = "GCMAES256"), "$.ipsec.ipsecIntegrity", /same GCMAES algorithm and key length/],
  ["GCM IPsec integrity without the GCM cipher", (s) => (s.ipsec.ipsecIntegrity = "GCMAES128"), "$.ipsec.ipsecEncryption", /same GCMAES algorithm and key length/],
  ["GCM IPsec key lengths differ", (s) => { s.ipsec.ipsecEncryption = "GCMAES256"; s.ipsec.ipsecIntegrity = "GCMAES128"; }, "$.ipsec.ipsecIntegrity", /same GCMAES/],
  ["GCMAES IKE integrity", (s) => { s.ipsec.ikeEncryption = "GCMAES256"; s.ipsec.ikeIntegrity = "GCMAES256"; }, "$.ipsec.ikeIntegrity", /no GCMAES IKEv2 integrity/],
  ["GCM IKE cipher with SHA1", (s) => { s.ipsec.ikeEncryption = "GCMAES128"; s.ipsec.ikeIntegrity = "SHA1"; }, "$.ipsec.ikeIntegrity", /SHA256 or SHA384/],
  ["SA lifetime too short", (s) => (s.ipsec.saLifeTimeSeconds = 299), "$.ipsec.saLifeTimeSeconds", /300-172799/],
  ["SA lifetime too long", (s) => (s.ipsec.saLifeTimeSeconds = 172800), "$.ipsec.saLifeTimeSeconds", /300-172799/],
  ["SA data size below Azure's minimum", (s) => (s.ipsec.saDataSizeKilobytes = 1000), "$.ipsec.saDataSizeKilobytes", /1024-2147483647/],
  ["SA data size above Azure's maximum", (s) => (s.ipsec.saDataSizeKilobytes = 2147483648), "$.ipsec.saDataSizeKilobytes", /1024-2147483647/],
  ["SA data size below the IOS XE minimum", (s) => (s.ipsec.saDataSizeKilobytes = 2000), "$.ipsec.saDataSizeKilobytes", /at least 2560 KB/],
  // how many NVAs
  ["nine NVAs with Route Server", (s) => extraNvas(s, 9), "$.nvas", /at most 8 NVAs with Route Server/],
  ["more client prefixes than Route Server takes from a peer", (s) => (s.advertise.client = Array.from({ length: 1001 }, (_, i) => `172.${16 + Math.floor(i / 256)}.${i % 256}.0/24`)), "$.advertise.client", /at most 1000 prefixes.*Route Server.*drops a peer/],
  ["more tunnels than VpnGw1AZ allows", (s) => bigSpec(s, 16, "VpnGw1AZ"), "$.nvas", /VpnGw1AZ supports 30 S2S tunnels/],
  ["more tunnels than VpnGw3AZ allows", (s) => bigSpec(s, 16, "VpnGw3AZ"), "$.nvas", /VpnGw3AZ supports 30 S2S tunnels/],
  ["more tunnels than VpnGw5AZ allows", (s) => bigSpec(s, 51, "VpnGw5AZ"), "$.nvas", /VpnGw5AZ supports 100 S2S tunnels/],
  // single-field Azure facts
  ["VpnGw1AZ Generation2", (s) => (s.gateway.generation = "Generation2"), "$.gateway.generation", /Generation1 only/],
  ["no admin credential", (s) => delete s.nvaDefaults.adminPasswordSecretName, "$.nvaDefaults", /sshPublicKey or adminPasswordSecretName/],
  ["per-connection PSK secret name too long", (s) => { s.keyVault.pskMode = "perConnection"; s.keyVault.pskSecretName = longSecret; s.nvas[1].name = "c8k-200"; }, "$.nvas[1].name", /Key Vault allows 127/],
  ["the ownership tag set by the user", (s) => (s.tags["bowtie-deployment"] = "x"), '$.tags["bowtie-deployment"]', /reserved/],
  ["the ownership tag in other case", (s) => (s.tags["Bowtie-Deployment"] = "x"), '$.tags["Bowtie-Deployment"]', /reserved/],
  ["the adoption tag set by the user", (s) => (s.tags["Bowtie-Adopted-By"] = "x"), '$.tags["Bowtie-Adopted-By"]', /reserved/],
  ["the NVA config hash tag set by the user", (s) => (s.tags["Bowtie-Config-SHA256"] = "x"), '$.tags["Bowtie-Config-SHA256"]', /reserved: Bowtie sets it on each NVA VM/],
  // adoption
  ["adopting a VNet the spec does not plan", (s) => (s.adopt = [{ type: "virtualNetwork", name: "hub-vnet" }]), "$.adopt[0].name", /virtualNetwork this spec plans \(client-Vnet or provider-Vnet\)/],
  ["adopting an NSG the spec does not plan", (s) => (s.adopt = [{ type: "networkSecurityGroup", name: "client-Vnet" }]), "$.adopt[0].name", /provider-Vnet-nva-outside-nsg/],
  ["adopting the same VNet twice", (s) => (s.adopt = [{ type: "virtualNetwork", name: "provider-Vnet" }, { type: "virtualNetwork", name: "Provider-Vnet" }]), "$.adopt[1]", /twice/],
  ["adopting a type Bowtie cannot merge", (s) => (s.adopt = [{ type: "publicIPAddress", name: "gw-1-pip" }]), "$.adopt[0].type", /must be one of "virtualNetwork"/],
  // structure (zod)
  ["an unknown field", (s) => (s.gateway.skuu = "VpnGw2AZ"), "$.gateway.skuu", /not a known field/],
  ["a required field missing", (s) => delete s.resourceGroup, "$.resourceGroup", /^is required$/],
  ["a wrong type", (s) => (s.nvas[1].asn = "65002"), "$.nvas[1].asn", /^must be a number$/],
  ["a value outside an enum", (s) => (s.gateway.sku = "VpnGw1"), "$.gateway.sku", /must be one of "VpnGw1AZ"/],
  ["an Azure naming rule", (s) => (s.clientVnet.name = "-bad-"), "$.clientVnet.name", /start with a letter or digit/],
  ["an invalid tag name", (s) => (s.tags["a/b"] = "x"), '$.tags["a/b"]', /tag name must not contain/],
  ["an invalid IPv4 address", (s) => (s.nvas[0].outsideIp = "10.10.0.400"), "$.nvas[0].outsideIp", /IPv4 address/],
  ["a one-element gateway APIPA tuple", (s) => (s.nvas[0].gatewayBgpIps = ["169.254.21.2"]), "$.nvas[0].gatewayBgpIps", /at least 2/],
  ["no NVAs", (s) => (s.nvas = []), "$.nvas", /at least one NVA/],
];

for (const [what, change, path, rule] of cases) {
  test(`rejects ${what} at ${path}`, () => {
    const r = validateSpec(mutate(change));
    assert.equal(r.ok, false, `${what} must be rejected`);
    if (r.ok) return;
    const hit = r.violations.find((v) => v.path === path);
    assert.ok(hit, `no violation at ${path}: ${JSON.stringify(r.violations)}`);
    assert.match(hit.rule, rule);
    assert.deepEqual([...new Set(r.violations.map((v) => v.path))], [path], "only the broken rule fires");
  });
}

test("a violation carries the offending value", () => {
  const r = validateSpec(mutate((s) => (s.nvas[0].gatewayBgpIps[1] = "169.254.23.6")));
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.violations[0]!.value, "169.254.23.6");
  const z = validateSpec(mutate((s) => (s.nvas[1].asn = "65002")));
  if (!z.ok) assert.equal(z.violations[0]!.value, "65002");
});

test("the APIPA limit: 65 NVAs cannot all get a /29 block", () => {
  const r = validateSpec(mutate((s) => bigSpec(s, 65, "VpnGw5AZ")));
  assert.equal(r.ok, false);
  if (!r.ok) assert.ok(r.violations.some((v) => v.path === "$.nvas" && /at most 64 NVAs.*\/29 blocks/.test(v.rule)), JSON.stringify(r.violations));
});

test("an allocation failure becomes a violation at the NVA that could not be served", () => {
  const r = validateSpec(mutate((s) => {
    bigSpec(s, 33, "VpnGw4AZ");
    // NVAs 0-31 state gateway addresses that touch all 64 /29 blocks; NVA 32 states nothing.
    s.nvas.slice(0, 32).forEach((n: any, i: number) => {
      n.loopbackIp = `169.254.100.${i + 1}`;
      n.gatewayBgpIps = [`169.254.21.${8 * i + 3}`, `169.254.22.${8 * i + 3}`];
    });
  }));
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.deepEqual(r.violations.map((v) => v.path), ["$.nvas[32]"]);
    assert.match(r.violations[0]!.rule, /no free \/29 block/);
  }
});

const accepted: Array<[string, (s: any) => void]> = [
  ["DHGroup2048 and PFS2048 (Azure's aliases of group 14)", (s) => { s.ipsec.dhGroup = "DHGroup2048"; s.ipsec.pfsGroup = "PFS2048"; }],
  ["DHGroup14 and PFS14", (s) => { s.ipsec.dhGroup = "DHGroup14"; s.ipsec.pfsGroup = "PFS14"; }],
  ["GCM everywhere with a SHA384 PRF", (s) => Object.assign(s.ipsec, { ikeEncryption: "GCMAES256", ikeIntegrity: "SHA384", ipsecEncryption: "GCMAES256", ipsecIntegrity: "GCMAES256" })],
  ["GCMAES192 IPsec with its own integrity", (s) => Object.assign(s.ipsec, { ipsecEncryption: "GCMAES192", ipsecIntegrity: "GCMAES192" })],
  ["the SA bounds themselves", (s) => Object.assign(s.ipsec, { saLifeTimeSeconds: 300, saDataSizeKilobytes: 2560 })],
  ["the SA upper bounds", (s) => Object.assign(s.ipsec, { saLifeTimeSeconds: 172799, saDataSizeKilobytes: 2147483647 })],
  ["gateway ASN 65515 without Route Server", (s) => { s.gateway.asn = 65515; s.routeServer.enabled = false; delete s.providerVnet.routeServerSubnet; }],
  ["an SSH key instead of a password secret", (s) => { delete s.nvaDefaults.adminPasswordSecretName; s.nvaDefaults.sshPublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB0wner x@y"; }],
  ["per-connection PSKs with short names", (s) => (s.keyVault.pskMode = "perConnection")],
  ["a per-connection PSK secret name of exactly 127 characters", (s) => { s.keyVault.pskMode = "perConnection"; s.keyVault.pskSecretName = longSecret; }],
  ["15 NVAs on VpnGw1AZ without Route Server (30 tunnels)", (s) => bigSpec(s, 15, "VpnGw1AZ")],
  ["50 NVAs on VpnGw4AZ without Route Server (100 tunnels)", (s) => bigSpec(s, 50, "VpnGw4AZ")],
  ["8 NVAs with Route Server", (s) => extraNvas(s, 8)],
  ["a /29 GatewaySubnet (with a warning)", (s) => (s.clientVnet.gatewaySubnet = "10.0.3.0/29")],
  ["a /26 RouteServerSubnet", (s) => (s.providerVnet.routeServerSubnet = "10.10.4.0/26")],
  ["NVA IPs at the first and last usable addresses", (s) => { s.nvas[0].outsideIp = "10.10.0.4"; s.nvas[1].outsideIp = "10.10.0.254"; }],
  ["a second address-space prefix holding a subnet", (s) => { s.providerVnet.addressSpace.push("10.20.0.0/24"); s.providerVnet.subnets.push({ name: "extra", prefix: "10.20.0.0/29" }); }],
  ["loopbacks outside the gateway range (still APIPA)", (s) => { s.nvas[0].loopbackIp = "169.254.100.1"; s.nvas[1].loopbackIp = "169.254.100.2"; }],
];

for (const [what, change] of accepted) {
  test(`accepts ${what}`, () => {
    const r = validateSpec(mutate(change));
    assert.equal(r.ok, true, JSON.stringify(r));
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

test("all structural violations are reported at once", () => {
  const r = validateSpec(mutate((s) => {
    delete s.location;
    s.nvas[0].asn = "x";
    s.ipsec.dhGroup = "DHGroup5";
  }));
  assert.equal(r.ok, false);
  if (!r.ok) assert.deepEqual(r.violations.map((v) => v.path).sort(), ["$.ipsec.dhGroup", "$.location", "$.nvas[0].asn"]);
});

test("warnings do not reject: a small GatewaySubnet and a 4-byte ASN with Route Server", () => {
  const r = validateSpec(mutate((s) => {
    s.clientVnet.gatewaySubnet = "10.0.3.0/28";
    s.nvas.forEach((n: any) => (n.asn = 4200000000));
  }));
  assert.equal(r.ok, true, JSON.stringify(r));
  assert.deepEqual(r.warnings.map((w) => w.path).sort(), ["$.clientVnet.gatewaySubnet", "$.nvas[0].asn", "$.nvas[1].asn"]);
  assert.match(r.warnings.find((w) => w.path === "$.nvas[0].asn")!.rule, /UNCONFIRMED/);
});

test("a 4-byte NVA ASN without Route Server draws no warning", () => {
  const r = validateSpec(mutate((s) => {
    s.nvas.forEach((n: any) => (n.asn = 4200000000));
    s.routeServer.enabled = false;
    delete s.providerVnet.routeServerSubnet;
  }));
  assert.equal(r.ok, true, JSON.stringify(r));
  assert.deepEqual(r.warnings, []);
});

for (const count of [1, 3, 4]) {
  test(`${count} NVA(s) with every APIPA address omitted validate cleanly`, () => {
    const r = validateSpec(mutate((s) => extraNvas(s, count)));
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.deepEqual(r.warnings, []);
  });
}
