// IKEv2 and IPsec matching the Connection's custom policy. The keyring has
// one peer per gateway instance; the PSK is a Key Vault placeholder filled
// inside the activity that creates the VM, never in the plan. The key is
// written `pre-shared-key 0 <key>`: the explicit type 0 (plain text) stops
// IOS from reading a key that starts with "0 " or "6 " as a key type.
import { placeholder } from "../../plan/placeholders.js";
import type { NvaPlan, Topology } from "../../plan/types.js";
import { iosKeyword, isGcm } from "../crypto-keywords.js";
import { CRYPTO, OUTSIDE_IF } from "../names.js";
import { pskLine } from "../placeholder-lines.js";

/** Azure's IKE SA lifetime is fixed at 28,800 s (the policy's saLifeTimeSeconds is the IPsec SA's). */
export const AZURE_IKE_SA_LIFETIME_SECONDS = 28800;

export function cryptoLines(topo: Topology, nva: NvaPlan): string[] {
  const p = topo.ipsec;
  const gatewayIps = topo.gateway.instances.map((i) => placeholder.publicIp(i.publicIpName));
  const ikeAuth = isGcm(p.ikeEncryption) ? "prf" : "integrity";
  const pfs = iosKeyword("pfsGroup", p.pfsGroup);
  const espIntegrity = iosKeyword("ipsecIntegrity", p.ipsecIntegrity);
  return [
    `crypto ikev2 proposal ${CRYPTO.proposal}`,
    ` encryption ${iosKeyword("ikeEncryption", p.ikeEncryption)}`,
    ` ${ikeAuth} ${iosKeyword("ikeIntegrity", p.ikeIntegrity)}`,
    ` group ${iosKeyword("dhGroup", p.dhGroup)}`,
    `!`,
    `crypto ikev2 policy ${CRYPTO.policy}`,
    ` proposal ${CRYPTO.proposal}`,
    `!`,
    `crypto ikev2 keyring ${CRYPTO.keyring}`,
    ...topo.gateway.instances.flatMap((inst, i) => [
      ` peer ${CRYPTO.keyringPeer(inst.index)}`,
      `  address ${gatewayIps[i]}`,
      pskLine(placeholder.secret(nva.pskSecretName)),
      ` !`,
    ]),
    `!`,
    `crypto ikev2 profile ${CRYPTO.ikeProfile}`,
    ` match address local interface ${OUTSIDE_IF}`,
    ...gatewayIps.map((ip) => ` match identity remote address ${ip} 255.255.255.255`),
    // Behind Azure's 1:1 NAT the outside address is private; identify as the public IP the LNG names.
    ` identity local address ${placeholder.publicIp(nva.publicIpName)}`,
    ` authentication remote pre-share`,
    ` authentication local pre-share`,
    ` keyring local ${CRYPTO.keyring}`,
    ` lifetime ${AZURE_IKE_SA_LIFETIME_SECONDS}`,
    ` dpd 10 5 on-demand`,
    `!`,
    `crypto ipsec transform-set ${CRYPTO.transformSet} ${iosKeyword("ipsecEncryption", p.ipsecEncryption)}${espIntegrity ? ` ${espIntegrity}` : ""}`,
    ` mode tunnel`,
    `!`,
    `crypto ipsec profile ${CRYPTO.ipsecProfile}`,
    ` set security-association lifetime kilobytes ${p.saDataSizeKilobytes}`,
    ` set security-association lifetime seconds ${p.saLifeTimeSeconds}`,
    ` set transform-set ${CRYPTO.transformSet}`,
    ...(pfs ? [` set pfs ${pfs}`] : []),
    ` set ikev2-profile ${CRYPTO.ikeProfile}`,
    `!`,
  ];
}
