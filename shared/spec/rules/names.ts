// Names that become ARM resources of one type must not collide once
// defaults are applied (resolveTopology's names), or one resource would
// silently overwrite another.
import type { Rule } from "../report.js";

function unique(r: Parameters<Rule>[1], what: string, items: Array<[string, string]>): void {
  const seen = new Map<string, string>();
  for (const [path, name] of items) {
    // ARM names are case-insensitive.
    const key = name.toLowerCase();
    const first = seen.get(key);
    if (first) r.error(path, `${what} names must be unique; ${name} is also used at ${first}`, name);
    else seen.set(key, path);
  }
}

export const namesUnique: Rule = (spec, r) => {
  unique(r, "NVA", spec.nvas.map((n, i) => [`$.nvas[${i}].name`, n.name]));
  const gw = spec.gateway.instances;
  const rsName = spec.routeServer.name ?? `${spec.providerVnet.name}-rs`;
  unique(r, "public IP", [
    ["$.gateway.instances[0].publicIpName", gw?.[0].publicIpName ?? `${spec.gateway.name}-pip-0`],
    ["$.gateway.instances[1].publicIpName", gw?.[1].publicIpName ?? `${spec.gateway.name}-pip-1`],
    ...spec.nvas.map((n, i): [string, string] => [`$.nvas[${i}].publicIpName`, n.publicIpName ?? `${n.name}-pip`]),
    ...(spec.routeServer.enabled ? [["$.routeServer.publicIpName", spec.routeServer.publicIpName ?? `${rsName}-pip`] as [string, string]] : []),
  ]);
  if (gw) unique(r, "gateway ipConfiguration", gw.map((g, i) => [`$.gateway.instances[${i}].ipConfigName`, g.ipConfigName]));
  unique(r, "local network gateway", spec.nvas.map((n, i) => [`$.nvas[${i}].localNetworkGatewayName`, n.localNetworkGatewayName ?? `lng-${n.name}`]));
  unique(r, "connection", spec.nvas.map((n, i) => [`$.nvas[${i}].connectionName`, n.connectionName ?? `con-${n.name}`]));
};
