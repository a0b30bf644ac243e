// The human view of a plan: the reference lab's APIPA/BGP table, the Route
// Server sessions, then what will be created and what is filled in at apply.
import { placeholdersIn } from "../../shared/plan/placeholders.js";
import type { Plan } from "../../shared/plan/types.js";
import { textTable } from "./table.js";

export function planSummary(plan: Plan): string {
  const t = plan.topology;
  const out: string[] = [];
  out.push(`Plan for ${plan.deployment}: resource group ${t.resourceGroup} in ${t.location}`);
  out.push(
    `Gateway ${t.gateway.name} (${t.gateway.sku}, active-active, ASN ${t.gateway.asn}); ` +
      `${t.nvas.length} NVA(s); Route Server ${t.routeServer ? `${t.routeServer.name} (ASN ${t.routeServer.asn})` : "none"}`,
  );
  out.push("");
  out.push(
    textTable(
      ["NVA", "Tunnel", "NVA BGP IP", "Gateway instance", "Gateway BGP IP", "Connection"],
      plan.apipa.map((r) => [r.nva, r.tunnel, r.nvaBgpIp, r.gatewayInstance, r.gatewayBgpIp, r.connection]),
    ),
  );
  out.push("");
  out.push(
    textTable(
      ["Router", "Neighbor", "Local ASN", "Remote ASN", "Via"],
      plan.bgpSessions.map((s) => [s.router, s.neighbor, s.localAsn, s.remoteAsn, s.via]),
    ),
  );
  out.push("");
  const byType = new Map<string, string[]>();
  for (const r of plan.resources) byType.set(r.type, [...(byType.get(r.type) ?? []), r.name]);
  out.push(`Resources (${plan.resources.length}):`);
  out.push(textTable(["Type", "Count", "Names"], [...byType].map(([type, names]) => [type, names.length, names.join(", ")])));
  const adopted = plan.resources.filter((r) => r.adopted);
  if (adopted.length) {
    out.push("");
    out.push("Adopted (must exist; written merged, their other subnets, rules, tags and properties kept; never deleted by teardown):");
    for (const r of adopted) out.push(`  ${r.type} ${r.name}`);
  }
  const refs = placeholdersIn([plan.resources, plan.nvaConfigs]);
  const secrets = refs.filter((p) => p.kind === "secret").map((p) => p.arg);
  const pips = refs.filter((p) => p.kind === "publicIp").map((p) => p.arg);
  out.push("");
  out.push("Filled in at apply time:");
  out.push(`  public IP addresses of ${[...new Set(pips)].join(", ")}`);
  if (t.routeServer) out.push(`  Route Server router IPs (virtualRouterIps of ${t.routeServer.name})`);
  out.push(`  Key Vault secrets ${[...new Set(secrets)].join(", ")} from ${t.keyVault.vaultUrl} (never shown)`);
  if (refs.some((p) => p.kind === "subscriptionId")) out.push("  subscription id (from configuration)");
  return out.join("\n");
}
