// Names that become ARM resources of one type must not collide once
// defaults are applied (resolveTopology's names), or one resource would
// silently overwrite another. Source: ARM addresses a resource by type and
// name within a resource group, case-insensitively (Microsoft Learn, "Naming
// rules and restrictions for Azure resources": names are case-insensitive).
// Names derived from an NVA's name (VM, NICs, Route Server peering) are
// unique exactly when the NVA names are, so only those are checked.
import type { Rule, RuleReport } from "../report.js";

/** [path, name, derived]: derived = an omitted name defaulted from the NVA's name. */
type Named = [string, string, boolean?];

function unique(r: RuleReport, what: string, items: Named[]): void {
  const seen = new Map<string, Named>();
  for (const item of items) {
    const [path, name, derived] = item;
    const key = name.toLowerCase();
    const first = seen.get(key);
    if (!first) seen.set(key, item);
    // Two defaults derived from NVA names clash only because the NVA names do; that rule already says so.
    else if (!(derived && first[2])) r.error(path, `${what} names must be unique; ${name} is also used at ${first[0]}`, name);
  }
}

export const namesUnique: Rule = (spec, r) => {
  unique(r, "NVA", spec.nvas.map((n, i): Named => [`$.nvas[${i}].name`, n.name]));
  // Both VNets live in the one resource group.
  unique(r, "virtual network", [["$.clientVnet.name", spec.clientVnet.name], ["$.providerVnet.name", spec.providerVnet.name]]);
  const gw = spec.gateway.instances;
  const rsName = spec.routeServer.name ?? `${spec.providerVnet.name}-rs`;
  unique(r, "public IP", [
    ["$.gateway.instances[0].publicIpName", gw?.[0].publicIpName ?? `${spec.gateway.name}-pip-0`],
    ["$.gateway.instances[1].publicIpName", gw?.[1].publicIpName ?? `${spec.gateway.name}-pip-1`],
    ...spec.nvas.map((n, i): Named => [`$.nvas[${i}].publicIpName`, n.publicIpName ?? `${n.name}-pip`, !n.publicIpName]),
    ...(spec.routeServer.enabled ? [["$.routeServer.publicIpName", spec.routeServer.publicIpName ?? `${rsName}-pip`] as Named] : []),
  ]);
  // Omitted instances get <gateway>-ipconfig-0/-1, which never clash.
  if (gw) unique(r, "gateway ipConfiguration", gw.map((g, i): Named => [`$.gateway.instances[${i}].ipConfigName`, g.ipConfigName]));
  unique(r, "local network gateway", spec.nvas.map((n, i): Named => [`$.nvas[${i}].localNetworkGatewayName`, n.localNetworkGatewayName ?? `lng-${n.name}`, !n.localNetworkGatewayName]));
  unique(r, "connection", spec.nvas.map((n, i): Named => [`$.nvas[${i}].connectionName`, n.connectionName ?? `con-${n.name}`, !n.connectionName]));
};
