// How a change is carried out, from the plan and the what-if (pure, so the
// orchestration stays deterministic and the order can be tested alone):
// 1. creates and in-place updates of everything outside the NVAs being
//    replaced (their dependencies on those NVAs' resources dropped: they
//    exist, and are rolled later);
// 2. the NVAs being replaced, one at a time (orchestrations/change/roll-nva.ts);
// 3. deletions of what the plan no longer holds (orchestrations/change/prune.ts).
// An NVA is replaced when any of its resources is (its VM's day-0
// configuration changed, most often): its connection, peering and local
// network gateway then go with it, so the NVA and its tunnels change together.
// An NVA whose VM is resized in place is rolled too, its VM kept: Azure
// restarts a VM to resize it, so it is drained first like a replacement
// (never traffic into a VM that is rebooting) and resized while the others
// carry the traffic, one NVA at a time (two resized at once would be every
// path down at once).
import type { NvaPlan, Plan, PlannedResource } from "../plan/types.js";
import { restartsVm } from "./impact.js";
import type { Change } from "./what-if.js";

export interface NvaRollPlan {
  nva: string;
  /** The NVA's planned resources (VM, NICs, public IP, LNG, connection, peering), ids. */
  resources: string[];
  /** Of those, what must be deleted before it is written again (the VM, and any other replace), ids; empty for a resize, whose VM is updated in place. */
  replace: string[];
  /** Replaced (its VM deleted and created again) or resized (its VM updated in place, restarting). */
  kind: "replace" | "resize";
}

export interface Outage {
  /** Prefixes left without any path while the change is made. */
  prefixes: string[];
  /** Rough seconds, the longest of the changes that cause it. */
  seconds: number;
  /** The changes that cause it ("replace virtualMachines/c8k-10"). */
  causes: string[];
}

export interface ChangeSteps {
  first: PlannedResource[];
  rolls: NvaRollPlan[];
  deletes: Change[];
  outage: Outage | null;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
/**
 * A resource's id without its subscription, lower-case: the plan's ids may
 * hold the {{subscriptionId}} placeholder, the what-if's have it filled in.
 */
export const idKey = (id: string): string => id.toLowerCase().replace(/^\/subscriptions\/[^/]+/, "");

/** The planned resources that make up one NVA (by the names the plan gives them). */
export function nvaResources(plan: Plan, nva: NvaPlan): PlannedResource[] {
  const mine: Array<[PlannedResource["type"], string]> = [
    ["Microsoft.Compute/virtualMachines", nva.name],
    ["Microsoft.Network/publicIPAddresses", nva.publicIpName],
    ["Microsoft.Network/networkInterfaces", nva.outsideNicName],
    ["Microsoft.Network/networkInterfaces", nva.insideNicName],
    ["Microsoft.Network/localNetworkGateways", nva.localNetworkGatewayName],
    ["Microsoft.Network/connections", nva.connectionName],
    ["Microsoft.Network/virtualHubs/bgpConnections", nva.routeServerPeeringName],
  ];
  return plan.resources.filter((r) => mine.some(([type, name]) => r.type === type && same(r.name, name)));
}

/** Resources with their dependencies kept to those inside the set (the others exist already or come later). */
export function restrictedTo(resources: PlannedResource[]): PlannedResource[] {
  const ids = new Set(resources.map((r) => r.id));
  return resources.map((r) => ({ ...r, dependsOn: r.dependsOn.filter((d) => ids.has(d)) }));
}

export function changeSteps(plan: Plan, changes: Change[]): ChangeSteps {
  const changeOf = new Map(changes.map((c) => [idKey(c.id), c]));
  const action = (r: PlannedResource) => changeOf.get(idKey(r.id))?.action;
  const rolls: NvaRollPlan[] = [];
  for (const nva of plan.topology.nvas) {
    const resources = nvaResources(plan, nva);
    const vm = resources.find((r) => r.type === "Microsoft.Compute/virtualMachines");
    const replace = resources.filter((r) => action(r) === "replace");
    if (replace.length > 0) {
      // The VM always goes: its day-0 configuration is fixed at creation, and a replaced NIC or public IP cannot leave a running VM.
      const ids = new Set([...(vm ? [vm.id] : []), ...replace.map((r) => r.id)]);
      rolls.push({ nva: nva.name, resources: resources.map((r) => r.id), replace: resources.filter((r) => ids.has(r.id)).map((r) => r.id), kind: "replace" });
      continue;
    }
    const vmChange = vm ? changeOf.get(idKey(vm.id)) : undefined;
    if (vmChange?.action === "update" && restartsVm(vmChange.paths)) rolls.push({ nva: nva.name, resources: resources.map((r) => r.id), replace: [], kind: "resize" });
  }
  const rolled = new Set(rolls.flatMap((r) => r.resources));
  const first = restrictedTo(plan.resources.filter((r) => !rolled.has(r.id)));
  const deletes = changes.filter((c) => c.action === "delete");

  const harmful = changes.filter((c) => c.action !== "none" && c.impact.prefixesWithoutPath.length > 0);
  const outage: Outage | null = harmful.length
    ? {
        prefixes: [...new Set(harmful.flatMap((c) => c.impact.prefixesWithoutPath))],
        seconds: Math.max(...harmful.map((c) => c.impact.seconds)),
        causes: harmful.map((c) => `${c.action} ${c.type.split("/").pop()}/${c.name}`),
      }
    : null;
  return { first, rolls, deletes, outage };
}

/** Does the what-if call for a change (anything besides creating what is absent)? */
export const isChange = (changes: Change[]): boolean => changes.some((c) => c.action === "update" || c.action === "replace" || c.action === "delete");

/** The refusal's words: which prefixes, for how long, and why. */
export const outageMessage = (o: Outage): string =>
  `the change leaves ${o.prefixes.join(", ")} without any path for about ${o.seconds} s (${o.causes.join(", ")}); allow the outage explicitly (--allow-outage, allowOutage in the API) to carry it out`;
