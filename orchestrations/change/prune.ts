// pruneOwned: the last step of a change (orchestrations/change, after the
// creates, in-place updates and NVA replacements): delete every resource the
// deployment owns that the new plan no longer holds, in an order Azure
// accepts and that never routes traffic into a dead NVA (prune-order.ts),
// then shrink the gateway's custom APIPA lists to the new plan's.
//
//   function* pruneOwned(context, plan, deletes, opts?): Generator<Task, PruneOutcome, any>
//
//   plan     the NEW plan (planFromSpec of the changed spec).
//   deletes  the what-if's changes (shared/changes/what-if.ts); only those
//            with action "delete" are acted on, and never one whose id the
//            plan still holds.
//   opts     progress: called after each step, for the caller's custom status.
//
// Every delete goes through the deleteResource activity, which re-reads the
// resource and deletes it only if it carries this deployment's ownership tag
// (a Route Server child: its hub's); anything else, adopted VNets and NSGs
// included, is left in place and reported in `skipped`. Long deletes are
// awaited with durable timers polling readProvisioningState, as creates are.
//
// The gateway update comes last because Azure refuses to remove a custom
// APIPA address a connection still uses: the change's earlier steps write
// the union of old and new addresses, and only once the removed NVAs'
// connections are gone does the gateway take the new plan's lists. It is an
// ordinary apply (no write when the gateway already holds the plan).
//
// Stops at the first permanent failure (nothing after it is deleted); a
// later run converges, every step being idempotent. Deterministic.
import type { OrchestrationContext, Task } from "durable-functions";
import type { ApplyResourceInput, DeleteResourceInput } from "../../activities/contracts.js";
import type { Change } from "../../shared/changes/what-if.js";
import { ACTIVITY } from "../../shared/names.js";
import type { Plan } from "../../shared/plan/types.js";
import { runGraph } from "../graph/run-graph.js";
import { GraphScheduler, type ArmErrorInfo } from "../graph/scheduler.js";
import { pruneGraph } from "./prune-order.js";

export interface PruneOptions {
  progress?: (phase: "deleting" | "shrinking gateway", snapshot: ReturnType<GraphScheduler["snapshot"]>) => void;
}

export interface PruneOutcome {
  status: "Succeeded" | "Failed";
  /** DELETEs started (a resource found absent or left alone is not one). */
  deletes: number;
  /** PUTs of the gateway shrink (0 when it already held the plan). */
  writes: number;
  /** Resources left in place, and why: not owned (adopted, another owner), absent already, still planned. */
  skipped: Array<{ id: string; note: string }>;
  failures: Array<{ id: string; error: ArmErrorInfo }>;
}

export function* pruneOwned(context: OrchestrationContext, plan: Plan, deletes: Change[], opts: PruneOptions = {}): Generator<Task, PruneOutcome, any> {
  const now = () => context.df.currentUtcDateTime.getTime();
  const { nodes: toDelete, leftOut } = pruneGraph(
    plan.resources.map((r) => r.id),
    deletes,
  );
  const skipped = [...leftOut];

  const removal = new GraphScheduler(toDelete, "Deleted");
  if (toDelete.length > 0) {
    yield* runGraph(context, removal, {
      startActivity: ACTIVITY.deleteResource,
      inputOf: (r) => ({ deployment: plan.deployment, resource: r }) satisfies DeleteResourceInput,
      progress: () => opts.progress?.("deleting", removal.snapshot(now())),
    });
  }
  skipped.push(...removal.skipped());
  if (removal.failures().length > 0) return outcome(removal.writes(), 0, skipped, removal.failures());

  const gateway = plan.resources.find((r) => r.type === "Microsoft.Network/virtualNetworkGateways");
  if (!gateway) return outcome(removal.writes(), 0, skipped, []);
  const shrink = new GraphScheduler([{ ...gateway, dependsOn: [] }]);
  yield* runGraph(context, shrink, {
    startActivity: ACTIVITY.applyResource,
    inputOf: (r) =>
      ({
        deployment: plan.deployment,
        resource: r,
        context: { vaultUrl: plan.topology.keyVault.vaultUrl, routeServerName: plan.topology.routeServer?.name ?? null },
      }) satisfies ApplyResourceInput,
    progress: () => opts.progress?.("shrinking gateway", shrink.snapshot(now())),
  });
  return outcome(removal.writes(), shrink.writes(), skipped, shrink.failures());
}

function outcome(deletes: number, writes: number, skipped: PruneOutcome["skipped"], failures: PruneOutcome["failures"]): PruneOutcome {
  return { status: failures.length ? "Failed" : "Succeeded", deletes, writes, skipped, failures };
}
