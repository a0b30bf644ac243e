// INTERIM, until branch `apply` lands orchestrations/change/roll-nva.ts (the
// one rolling NVA replacement both a change and a rotation use): replace one
// NVA in place of its peers. Drain it (its Route Server peering and its
// connection deleted, so Azure withdraws its routes before the VM goes),
// delete its VM, run `whileDown` (the rotation moves its PSK pin there), write
// its VM, connection and peering again, and wait until every session of the
// plan is Connected again.
import type { OrchestrationContext, Task } from "durable-functions";
import type { ApplyResourceInput, DeleteResourceInput } from "../../activities/contracts.js";
import type { BgpAssessment } from "../../shared/health/bgp-assessment.js";
import { ACTIVITY } from "../../shared/names.js";
import type { Plan, PlannedResource } from "../../shared/plan/types.js";
import type { Telemetry } from "../../shared/telemetry/index.js";
import { verifySessions } from "../deploy/verify-sessions.js";
import { armRetry } from "../graph/retry.js";
import { runGraph } from "../graph/run-graph.js";
import { GraphScheduler, type ArmErrorInfo } from "../graph/scheduler.js";

export interface RollOptions {
  telemetry: Telemetry;
  /** Runs while the NVA is gone (drained, VM deleted), before it is written again. */
  whileDown?: () => Generator<Task, void, any>;
  progress?: (phase: string) => void;
}

export interface RollOutcome {
  ok: boolean;
  writes: number;
  failures: Array<{ id: string; error: ArmErrorInfo }>;
  assessment: BgpAssessment | null;
}

/** The NVA's VM, connection and Route Server peering, dependencies kept within the set. */
function nvaParts(plan: Plan, nva: string): { vm: PlannedResource[]; drain: PlannedResource[]; all: PlannedResource[] } {
  const n = plan.topology.nvas.find((x) => x.name === nva);
  if (!n) throw new Error(`no NVA ${nva} in the plan`);
  const pick = (type: PlannedResource["type"], name: string) => plan.resources.filter((r) => r.type === type && r.name === name);
  const vm = pick("Microsoft.Compute/virtualMachines", n.name);
  const drain = [...pick("Microsoft.Network/virtualHubs/bgpConnections", n.routeServerPeeringName), ...pick("Microsoft.Network/connections", n.connectionName)];
  const ids = new Set([...vm, ...drain].map((r) => r.id));
  const all = [...vm, ...drain].map((r) => ({ ...r, dependsOn: r.dependsOn.filter((d) => ids.has(d)) }));
  return { vm: vm.map((r) => ({ ...r, dependsOn: [] })), drain: drain.map((r) => ({ ...r, dependsOn: [] })), all };
}

export function* rollNva(context: OrchestrationContext, plan: Plan, nva: string, options: RollOptions): Generator<Task, RollOutcome, any> {
  const parts = nvaParts(plan, nva);
  let writes = 0;
  const step = function* (resources: PlannedResource[], how: "delete" | "apply"): Generator<Task, Array<{ id: string; error: ArmErrorInfo }>, any> {
    const sched = new GraphScheduler(resources, how === "delete" ? "Deleted" : "Succeeded");
    yield* runGraph(context, sched, {
      startActivity: how === "delete" ? ACTIVITY.deleteResource : ACTIVITY.applyResource,
      inputOf: (r) =>
        how === "delete"
          ? ({ deployment: plan.deployment, resource: r } satisfies DeleteResourceInput)
          : ({
              deployment: plan.deployment,
              resource: r,
              context: { vaultUrl: plan.topology.keyVault.vaultUrl, routeServerName: plan.topology.routeServer?.name ?? null },
              ...(r.type === "Microsoft.Compute/virtualMachines" ? { nvaConfig: plan.nvaConfigs[r.name] } : {}),
            } satisfies ApplyResourceInput),
      progress: () => options.progress?.(how === "delete" ? `draining ${nva}` : `writing ${nva}`),
    });
    writes += sched.writes();
    return sched.failures();
  };
  const failed = (failures: Array<{ id: string; error: ArmErrorInfo }>): RollOutcome => ({ ok: false, writes, failures, assessment: null });

  options.progress?.(`draining ${nva}`);
  let failures = yield* step(parts.drain, "delete");
  if (failures.length) return failed(failures);
  failures = yield* step(parts.vm, "delete");
  if (failures.length) return failed(failures);
  if (options.whileDown) yield* options.whileDown();
  failures = yield* step(parts.all, "apply");
  if (failures.length) return failed(failures);
  options.progress?.(`verifying ${nva}`);
  const { assessment } = yield* verifySessions(context, plan, { retry: armRetry(), mayReset: false, telemetry: options.telemetry, progress: () => options.progress?.(`verifying ${nva}`) });
  return { ok: assessment.healthy, writes, failures: [], assessment };
}
