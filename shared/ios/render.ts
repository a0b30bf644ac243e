// The NVA's day-0 configuration, whole: what the VM boots with. Placeholders
// stand for the gateway's and the NVA's public IPs, Route Server's router IPs
// and the PSK; the apply activity fills them in.
import type { Topology } from "../plan/types.js";
import { wrapDay0 } from "./bootstrap.js";
import { AZURE_DNS } from "./names.js";
import { bgpLines } from "./sections/bgp.js";
import { bgpPolicyLines } from "./sections/bgp-policy.js";
import { cryptoLines } from "./sections/crypto.js";
import { interfaceLines } from "./sections/interfaces.js";
import { routingLines } from "./sections/routing.js";
import { tunnelLines } from "./sections/tunnels.js";

export function renderNvaConfig(topo: Topology, nvaName: string): string {
  const nva = topo.nvas.find((n) => n.name === nvaName);
  if (!nva) throw new Error(`no NVA named ${nvaName} in ${topo.deployment}`);
  return wrapDay0([
    `hostname ${nva.name}`,
    `!`,
    // Static addressing means DHCP no longer hands out Azure's DNS; Smart
    // Licensing and anything else that resolves names needs it (NVA-FACTS F8).
    `ip name-server ${AZURE_DNS}`,
    `!`,
    ...interfaceLines(topo, nva),
    ...cryptoLines(topo, nva),
    ...tunnelLines(topo, nva),
    ...routingLines(topo, nva),
    ...bgpPolicyLines(topo),
    ...bgpLines(topo, nva),
    `end`,
  ]);
}

export function renderNvaConfigs(topo: Topology): Record<string, string> {
  return Object.fromEntries(topo.nvas.map((n) => [n.name, renderNvaConfig(topo, n.name)]));
}
