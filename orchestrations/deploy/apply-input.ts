// The apply activity's input for one planned resource: the resource, where
// its secrets live (by name: the activity reads them) and, for a VM, its
// NVA's day-0 configuration with placeholders, for an NVA's VM or connection
// which NVA's PSK it carries. Shared by the deploy, the change, the NVA roll
// and the PSK rotation.
import type { ApplyResourceInput } from "../../activities/contracts.js";
import type { Plan, PlannedResource } from "../../shared/plan/types.js";
import { pskOwner } from "../../shared/psk/psk-versions.js";

export function applyInput(plan: Plan, r: PlannedResource): ApplyResourceInput {
  const vm = r.type === "Microsoft.Compute/virtualMachines";
  const psk = pskOwner(plan.topology, r);
  return {
    deployment: plan.deployment,
    resource: r,
    context: { vaultUrl: plan.topology.keyVault.vaultUrl, routeServerName: plan.topology.routeServer?.name ?? null },
    ...(vm ? { nvaConfig: plan.nvaConfigs[r.name] } : {}),
    ...(psk ? { psk } : {}),
  };
}
