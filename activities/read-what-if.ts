// What-if against live state: list what Azure holds in the deployment's
// resource group (one list per type, secrets stripped: listInventory) and
// classify every resource against the new plan (shared/changes/what-if.ts).
// Only reads. Called directly by the CLI (`bowtie plan --state`) and the
// HTTP API (POST /api/deployments/{name}/whatif), like startRemediationIfIdle:
// nothing durable happens, so no orchestration is needed to hold it.
import { allCreates, whatIf, type Change } from "../shared/changes/what-if.js";
import type { Plan } from "../shared/plan/types.js";
import { azureTarget } from "./azure-target.js";
import { isNotFound } from "./arm/arm-errors.js";
import { listInventory } from "./arm/list-inventory.js";
import { emptyTally } from "./arm/request-tally.js";

export interface WhatIfOutput {
  changes: Change[];
  requests: { reads: number; writes: number };
}

export async function readWhatIf(plan: Plan): Promise<WhatIfOutput> {
  const t = azureTarget();
  const requests = emptyTally();
  const input = { deployment: plan.deployment, resourceGroup: plan.topology.resourceGroup, routeServerName: plan.topology.routeServer?.name ?? null };
  const listed = await listInventory(t, input, requests).catch((e) => {
    if (isNotFound(e)) return null; // no resource group yet: nothing deployed
    throw e;
  });
  if (!listed) return { changes: allCreates(plan), requests };
  return { changes: whatIf(plan, new Map(listed.output.resources), listed.output.subscriptionId), requests };
}
