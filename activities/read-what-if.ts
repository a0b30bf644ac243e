// What-if against live state: list what Azure holds in the deployment's
// resource group (one list per type, secrets stripped: listInventory) and
// classify every resource against the new plan (shared/changes/what-if.ts).
// Only reads. Called directly by the CLI (`bowtie plan --state`) and the
// HTTP API (POST /api/deployments/{name}/whatif), like startRemediationIfIdle:
// nothing durable happens, so no orchestration is needed to hold it; a
// deploy reads it through the readChange activity.
import { deployedApipa, type DeployedApipa } from "../shared/changes/apipa-union.js";
import { generationOf, withDeployedGeneration } from "../shared/changes/deployed-generation.js";
import { allCreates, whatIf, type Change } from "../shared/changes/what-if.js";
import { planFromSpec } from "../shared/plan/plan.js";
import type { Plan } from "../shared/plan/types.js";
import type { TopologySpec } from "../shared/spec/schema.js";
import { azureTarget } from "./azure-target.js";
import { isNotFound } from "./arm/arm-errors.js";
import { listInventory, type ListedInventory } from "./arm/list-inventory.js";
import { emptyTally, type RequestTally } from "./arm/request-tally.js";

export interface WhatIfOutput {
  changes: Change[];
  requests: { reads: number; writes: number };
}

export interface SpecWhatIfOutput extends WhatIfOutput {
  /** The spec as it will be applied: the deployed gateway generation kept unless the spec sets one. */
  spec: TopologySpec;
  deployedApipa: DeployedApipa;
}

async function listed(plan: Plan, requests: RequestTally): Promise<ListedInventory | null> {
  const input = { deployment: plan.deployment, resourceGroup: plan.topology.resourceGroup, routeServerName: plan.topology.routeServer?.name ?? null };
  return listInventory(azureTarget(), input, requests).catch((e) => {
    if (isNotFound(e)) return null; // no resource group yet: nothing deployed
    throw e;
  });
}

export async function readWhatIf(plan: Plan): Promise<WhatIfOutput> {
  const requests = emptyTally();
  const inventory = await listed(plan, requests);
  if (!inventory) return { changes: allCreates(plan), requests };
  return { changes: whatIf(plan, new Map(inventory.output.resources), inventory.output.subscriptionId), requests };
}

/** The what-if of a spec, with the deployed gateway generation kept when the spec leaves it open. */
export async function readWhatIfForSpec(spec: TopologySpec): Promise<SpecWhatIfOutput> {
  const requests = emptyTally();
  const first = planFromSpec(spec);
  const inventory = await listed(first, requests);
  if (!inventory) return { spec, changes: allCreates(first), requests, deployedApipa: {} };
  const resources = new Map(inventory.output.resources);
  const gatewayId = first.resources.find((r) => r.type === "Microsoft.Network/virtualNetworkGateways")!.id.replace("{{subscriptionId}}", inventory.output.subscriptionId).toLowerCase();
  const gateway = resources.get(gatewayId);
  const effective = withDeployedGeneration(spec, generationOf(gateway));
  const plan = effective === spec ? first : planFromSpec(effective);
  return { spec: effective, changes: whatIf(plan, resources, inventory.output.subscriptionId), requests, deployedApipa: deployedApipa(gateway) };
}
