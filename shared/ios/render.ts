// The NVA's day-0 configuration, whole: what the VM boots with. Placeholders
// stand for the gateway's and the NVA's public IPs, Route Server's router IPs
// and the PSK; the apply activity fills them in.
import type { Topology } from "../plan/types.js";
import { wrapDay0 } from "./bootstrap.js";
import { bgpLines } from "./sections/bgp.js";
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
    ...interfaceLines(topo, nva),
    ...cryptoLines(topo, nva),
    ...tunnelLines(topo, nva),
    ...routingLines(topo, nva),
    ...bgpLines(topo, nva),
    `end`,
  ]);
}

export function renderNvaConfigs(topo: Topology): Record<string, string> {
  return Object.fromEntries(topo.nvas.map((n) => [n.name, renderNvaConfig(topo, n.name)]));
}
