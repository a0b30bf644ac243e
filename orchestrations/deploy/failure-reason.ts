// The one-line reason a deploy, a remediation or a change records when it
// did not succeed (the registry's reason, the DeploymentFailed line). Apart
// from deploy-topology.ts so the change path can use it without importing
// the orchestration that routes to it.
import type { DeployResult } from "./deploy-topology.js";

/** Why a deploy did not succeed, in one line: the failed writes first, else the sessions down, else the routes not learned; null when it did. */
export function failureReason(result: Pick<DeployResult, "failures" | "problems" | "missingRoutes">): string | null {
  return (
    result.failures.map((f) => `${f.id}: ${f.error.code}: ${f.error.message}`).join("; ") ||
    result.problems.map((p) => `${p.session}: ${p.likelyCause}`).join("; ") ||
    (result.missingRoutes.length ? `routes not learned: ${result.missingRoutes.map((m) => `${m.prefix} at ${m.where}`).join(", ")}` : null)
  );
}
