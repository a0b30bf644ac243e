// The rendered configuration, read back on its own, agrees with the ARM side
// of the same plan (the Topology the LNGs, connections and Route Server
// peerings are built from).
import { test } from "node:test";
import assert from "node:assert/strict";
import { DH_GROUP, IKE_ENCRYPTION, IKE_INTEGRITY, IPSEC_ENCRYPTION, IPSEC_INTEGRITY } from "../../shared/ios/crypto-keywords.js";
import { renderNvaConfig } from "../../shared/ios/render.js";
import { bgpSessionsOf } from "../../shared/ios/bgp-sessions.js";
import { fillText, placeholder } from "../../shared/plan/placeholders.js";
import { block, blocks, iosSection, topLines } from "../helpers/ios-blocks.js";
import { testTopologies } from "../helpers/topologies.js";

const inverse = (table: Record<string, string | null | undefined>, keyword: string | null) =>
  Object.entries(table).filter(([, v]) => v === keyword).map(([k]) => k);

for (const { label, topo } of testTopologies()) {
  test(`${label}: each NVA's config agrees with its LNG, connection and Route Server peering`, () => {
    for (const nva of topo.nvas) {
      const ios = iosSection(renderNvaConfig(topo, nva.name));
      // LNG bgpPeeringAddress = Loopback0; LNG ASN = router bgp ASN.
      assert.ok(block(ios, "interface Loopback0").body.includes(`ip address ${nva.loopbackIp} 255.255.255.255`));
      const bgp = block(ios, `router bgp ${nva.asn}`);
      for (const inst of topo.gateway.instances) {
        const peer = nva.gatewayBgpIps[inst.index];
        const tunnel = nva.tunnelInterfaces[inst.index];
        assert.ok(topLines(ios, "ip route").includes(`ip route ${peer} 255.255.255.255 ${tunnel}`), `${nva.name}: /32 to ${peer} via ${tunnel}`);
        const tun = block(ios, `interface ${tunnel}`).body;
        assert.ok(tun.includes(`tunnel destination ${placeholder.publicIp(inst.publicIpName)}`), "tunnel goes to its own instance");
        assert.ok(tun.includes("tunnel source GigabitEthernet1"));
        assert.ok(bgp.body.includes(`neighbor ${peer} remote-as ${topo.gateway.asn}`));
        assert.ok(bgp.body.includes(`neighbor ${peer} update-source Loopback0`));
        assert.ok(bgp.body.some((l) => l.startsWith(`neighbor ${peer} ebgp-multihop`)));
        assert.ok(bgp.body.includes(`neighbor ${peer} activate`));
      }
      if (topo.routeServer) {
        for (const i of [0, 1] as const) {
          const rs = placeholder.routeServerIp(i);
          assert.ok(bgp.body.includes(`neighbor ${rs} remote-as 65515`));
          assert.ok(bgp.body.some((l) => l.startsWith(`neighbor ${rs} ebgp-multihop`)));
          assert.ok(bgp.body.includes(`neighbor ${rs} activate`));
        }
      } else {
        assert.ok(!ios.includes("routeServerIp") && !ios.includes("65515"), "no Route Server parts without Route Server");
      }
      // IKE and IPsec proposals equal the connection's policy.
      const prop = block(ios, "crypto ikev2 proposal AZURE-IKEV2-PROPOSAL").body;
      const enc = prop.find((l) => l.startsWith("encryption "))!.slice("encryption ".length);
      const integ = prop.find((l) => /^(integrity|prf) /.test(l))!.split(" ")[1]!;
      const group = prop.find((l) => l.startsWith("group "))!.slice("group ".length);
      assert.ok(inverse(IKE_ENCRYPTION, enc).includes(topo.ipsec.ikeEncryption));
      assert.ok(inverse(IKE_INTEGRITY, integ).includes(topo.ipsec.ikeIntegrity));
      assert.ok(inverse(DH_GROUP, group).includes(topo.ipsec.dhGroup));
      const ts = topLines(ios, "crypto ipsec transform-set")[0]!.split(" ").slice(4);
      assert.ok(inverse(IPSEC_ENCRYPTION, `${ts[0]} ${ts[1]}`).includes(topo.ipsec.ipsecEncryption));
      assert.ok(inverse(IPSEC_INTEGRITY, ts[2] ?? null).includes(topo.ipsec.ipsecIntegrity));
      const ipsecProfile = block(ios, "crypto ipsec profile AZURE-IPSEC-PROFILE").body;
      assert.ok(ipsecProfile.includes(`set security-association lifetime seconds ${topo.ipsec.saLifeTimeSeconds}`));
      assert.ok(ipsecProfile.includes(`set security-association lifetime kilobytes ${topo.ipsec.saDataSizeKilobytes}`));
      // Each provider prefix is originated and routed.
      for (const p of topo.advertise.provider) {
        const [net] = p.split("/");
        assert.ok(bgp.body.some((l) => l.startsWith(`network ${net} mask`)), `${nva.name} originates ${p}`);
      }
    }
  });

  test(`${label}: the BGP session list has two gateway sessions per NVA, plus two Route Server sessions with Route Server`, () => {
    const sessions = bgpSessionsOf(topo);
    assert.equal(sessions.length, topo.nvas.length * (topo.routeServer ? 4 : 2));
    for (const s of sessions) assert.ok(s.localAsn !== s.remoteAsn);
  });
}

test("the PSK is a Key Vault placeholder; filled, it appears only on keyring pre-shared-key lines", () => {
  const topo = testTopologies()[0]!.topo;
  const nva = topo.nvas[0]!;
  const config = renderNvaConfig(topo, nva.name);
  assert.equal(config.split(placeholder.secret(nva.pskSecretName)).length - 1, 2, "one per gateway instance");
  const secret = "S3cret-Not-In-Any-Other-Line";
  const filled = fillText(config, (p) => (p.kind === "secret" ? secret : "192.0.2.1"));
  const withSecret = filled.split("\n").filter((l) => l.includes(secret));
  assert.equal(withSecret.length, 2);
  for (const l of withSecret) assert.match(l, /^  pre-shared-key 0 /, "type 0: IOS reads the rest as the key, whatever it starts with");
});

test("per-connection PSKs name each NVA's own secret", () => {
  const three = testTopologies().find((t) => t.label === "3 NVAs")!.topo;
  for (const nva of three.nvas) assert.ok(renderNvaConfig(three, nva.name).includes(placeholder.secret(`vpn-psk-${nva.name}`)));
});

test("an unknown NVA name is an error", () => {
  assert.throws(() => renderNvaConfig(testTopologies()[0]!.topo, "nope"), /no NVA named nope/);
});

test("the day-0 file has the IOS and License sections of the c8000v bootstrap format", () => {
  const config = renderNvaConfig(testTopologies()[0]!.topo, "c8k-10");
  assert.match(config, /^Section: IOS configuration\n/);
  assert.match(config, /\nSection: License\nTechPackage:network-advantage\n$/);
  assert.ok(blocks(iosSection(config)).some((b) => b.head === "hostname c8k-10"));
});
