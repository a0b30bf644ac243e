// A change that drops an NVA shrinks the gateway's custom APIPA lists, but
// that NVA's connection still names its addresses until it is deleted, and
// Azure refuses (or breaks) a gateway whose connection's
// gatewayCustomBgpIpAddresses are gone. So the change writes the gateway with
// the union of the planned and the deployed addresses first; the prune step
// (orchestrations/change/prune.ts) writes the planned lists once the
// connections are gone. Pure.
import type { PlannedResource } from "../plan/types.js";

/** Deployed custom APIPA addresses per gateway ipConfiguration name (lower-case). */
export type DeployedApipa = Record<string, string[]>;

/** What a deployed gateway (its SDK model) lists, per ipConfiguration name. */
export function deployedApipa(gateway: Record<string, any> | undefined): DeployedApipa {
  const out: DeployedApipa = {};
  for (const a of gateway?.bgpSettings?.bgpPeeringAddresses ?? []) {
    const name = String(a.ipconfigurationId ?? "").split("/").pop()?.toLowerCase();
    if (name) out[name] = [...(a.customBgpIpAddresses ?? [])];
  }
  return out;
}

/**
 * The gateway's planned body with each instance's list widened to keep the
 * deployed addresses (planned ones first, in plan order). Unchanged when
 * nothing deployed is missing from the plan. `ipConfigNames` are the
 * instances' ipConfiguration names in the body's order.
 */
export function withApipaUnion(gateway: PlannedResource, ipConfigNames: string[], deployed: DeployedApipa): PlannedResource {
  const body = structuredClone(gateway.body) as { properties: { bgpSettings: { bgpPeeringAddresses: Array<{ customBgpIpAddresses: string[] }> } } };
  let widened = false;
  body.properties.bgpSettings.bgpPeeringAddresses.forEach((a, k) => {
    const extra = (deployed[ipConfigNames[k]?.toLowerCase() ?? ""] ?? []).filter((ip) => !a.customBgpIpAddresses.includes(ip));
    if (extra.length) {
      a.customBgpIpAddresses = [...a.customBgpIpAddresses, ...extra];
      widened = true;
    }
  });
  return widened ? { ...gateway, body } : gateway;
}
