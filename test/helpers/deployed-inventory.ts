// The inventory Azure would show for a plan deployed as planned: every
// planned body filled in and read back as the SDK's model, with what ARM
// adds (provisioning state, public addresses, Route Server's router IPs) and
// without what it never returns (sharedKey, customData, adminPassword).
import type { Inventory } from "../../shared/drift/plan-vs-inventory.js";
import { toSdkModel } from "../../shared/plan/arm/sdk-models.js";
import { fillPlaceholders } from "../../shared/plan/placeholders.js";
import type { Plan } from "../../shared/plan/types.js";

export const SUB = "00000000-0000-4000-8000-000000000001";

export function deployedInventory(plan: Plan, sub = SUB): Inventory {
  const ips: Record<string, string> = {};
  let n = 4;
  for (const res of plan.resources) if (res.type === "Microsoft.Network/publicIPAddresses") ips[res.name] = `198.51.100.${n++}`;
  const inv: Inventory = new Map();
  for (const res of plan.resources) {
    const body = fillPlaceholders(res.body, (p) =>
      p.kind === "publicIp" ? ips[p.arg]! : p.kind === "routeServerIp" ? `10.10.4.${4 + Number(p.arg)}` : p.kind === "subscriptionId" ? sub : "secret-or-data",
    ) as any;
    const props = { ...(body.properties ?? {}), provisioningState: "Succeeded", resourceGuid: "g" };
    delete props.sharedKey;
    if (props.osProfile) {
      props.osProfile = { ...props.osProfile };
      delete props.osProfile.customData;
      delete props.osProfile.adminPassword;
    }
    if (res.type === "Microsoft.Network/publicIPAddresses") props.ipAddress = ips[res.name];
    if (res.type === "Microsoft.Network/virtualHubs") props.virtualRouterIps = ["10.10.4.4", "10.10.4.5"];
    const id = res.id.replace("{{subscriptionId}}", sub);
    inv.set(id.toLowerCase(), { ...toSdkModel({ type: res.type, body: { ...body, properties: props } }), id, name: res.name, type: res.type });
  }
  return inv;
}
