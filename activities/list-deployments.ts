// listDeployments: the names of the registered deployments a health check
// should look at now. Names only: the fleet orchestration's history holds
// this list, and each check reads its own spec.
import { isCheckable } from "../shared/health/eligibility.js";
import { azureTarget } from "./azure-target.js";

export async function listDeployments(): Promise<string[]> {
  const records = await azureTarget().registry.list();
  return records.filter((r) => isCheckable(r.status)).map((r) => r.name).sort();
}
