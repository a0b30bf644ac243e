// The apply activity's input for one planned resource: the resource, where
// its secrets live (by name: the activity reads them) and, for a VM, its
// NVA's day-0 configuration with placeholders. Shared by the deploy, the
// change and the NVA roll.
import type { ApplyResourceInput } from "../../activities/contracts.js";
import type { Plan, PlannedResource } from "../../shared/plan/types.js";

export function applyInput(plan: Plan, r: PlannedResource): ApplyResourceInput {
  const vm = r.type === "Microsoft.Compute/virtualMachines";
  return {
    deployment: plan.deployment,
    resource: r,
    context: { vaultUrl: plan.topology.keyVault.vaultUrl, routeServerName: plan.topology.routeServer?.name ?? null },
    ...(vm ? { nvaConfig: plan.nvaConfigs[r.name] } : {}),
  };
}
