// Replace one NVA while the others carry the traffic: the step a change
// repeats for every NVA whose day-0 configuration changed, and a PSK
// rotation for every NVA (its VM's customData and its connection's shared
// key change together). In order:
//   1. every OTHER NVA's sessions Connected (gateway and Route Server), or
//      nothing is touched;
//   2. drain: delete this NVA's Route Server peering and connection and wait
//      for both deletes, so Azure withdraws its routes before the VM goes
//      (never traffic into a dead NVA while DPD, 45 s, or the hold timer,
//      180 s, has yet to notice);
//   3. delete the VM (its OS disk goes with it: deleteOption Delete) and any
//      other of its resources that must be replaced, in reverse dependency
//      order; nothing for a resize, whose VM is updated in place in step 4
//      (Azure restarts it to resize it);
//   4. apply every planned resource of this NVA (VM, NICs, public IP, local
//      network gateway, connection, peering) through the graph restricted to
//      them;
//   5. wait until this NVA's sessions are Connected again.
// Every step is idempotent (absent deletes are no-ops, unchanged applies
// write nothing), so a run restarted after a crash repeats it safely.
// Deterministic, like every orchestrator code.
import type { OrchestrationContext, RetryOptions, Task } from "durable-functions";
import type { ApplyResourceInput, DeleteResourceInput } from "../../activities/contracts.js";
import { nvaResources, restrictedTo } from "../../shared/changes/change-steps.js";
import { ACTIVITY } from "../../shared/names.js";
import { reverseDependencies } from "../../shared/plan/reverse-graph.js";
import type { Plan, PlannedResource } from "../../shared/plan/types.js";
import { runGraph } from "../graph/run-graph.js";
import { GraphScheduler, type ArmErrorInfo } from "../graph/scheduler.js";
import { waitForSessions } from "./wait-sessions.js";

export type RollStage = "waiting for the other NVAs" | "draining" | "deleting" | "applying" | "reconnecting" | "done";

export interface RollNvaOptions {
  retry: RetryOptions;
  /**
   * The apply activity's input for each of the NVA's planned resources (the
   * deploy's applyInput; a rotation passes the new secret version for the
   * VM and the connection).
   */
  inputOf: (r: PlannedResource) => ApplyResourceInput;
  /**
   * Ids of the NVA's resources deleted before they are written again;
   * default: its VM only. Empty: nothing deleted but the drained peering and
   * connection (a resize: the VM is updated in place and restarts while
   * drained). Drained resources need not be listed.
   */
  replace?: string[];
  /** Called at each stage (and each graph step) for custom status. */
  progress?: (stage: RollStage, extra?: object) => void;
  /** How long to wait for sessions, before and after (ms); default SESSION_DEADLINE_MS. */
  sessionDeadlineMs?: number;
  /**
   * Runs once the NVA is gone (drained, VM deleted) and before anything of it
   * is written again. A PSK rotation moves the NVA's recorded key version
   * here: while neither its VM nor its connection exists, no write can pair
   * the new key with a side that holds the old one.
   */
  whileDown?: () => Generator<Task, void, any>;
}

export interface RollOutcome {
  nva: string;
  status: "Succeeded" | "Failed";
  /** Where it ended ("done" when Succeeded). */
  stage: RollStage;
  /** PUTs and DELETEs made. */
  writes: number;
  failures: Array<{ id: string; error: ArmErrorInfo }>;
}

const DRAINED = new Set<PlannedResource["type"]>(["Microsoft.Network/virtualHubs/bgpConnections", "Microsoft.Network/connections"]);

/**
 * Roll one NVA of `plan` (by name) to its planned resources. Precondition:
 * the rest of the plan is applied (the gateway lists this NVA's APIPA
 * addresses, the hub exists). Never throws for a failed step: it stops there
 * and says where, writing nothing further.
 */
export function* rollNva(context: OrchestrationContext, plan: Plan, nva: string, options: RollNvaOptions): Generator<Task, RollOutcome, any> {
  const me = plan.topology.nvas.find((n) => n.name === nva);
  if (!me) throw new Error(`rollNva: ${nva} is not an NVA of ${plan.deployment}`);
  const now = () => context.df.currentUtcDateTime.getTime();
  const mine = nvaResources(plan, me);
  const vm = mine.find((r) => r.type === "Microsoft.Compute/virtualMachines")!;
  const replaceIds = new Set(options.replace ?? [vm.id]);
  let writes = 0;
  const stop = (stage: RollStage, failures: RollOutcome["failures"]): RollOutcome => ({ nva, status: "Failed", stage, writes, failures });

  const sessions = (nvas: string[], stage: RollStage) =>
    waitForSessions(context, plan, nvas, { retry: options.retry, deadlineMs: options.sessionDeadlineMs, progress: (down) => options.progress?.(stage, { sessionsDown: down.length }) });

  const run = function* (stage: RollStage, sched: GraphScheduler, activity: typeof ACTIVITY.applyResource | typeof ACTIVITY.deleteResource): Generator<Task, boolean, any> {
    options.progress?.(stage, sched.snapshot(now()));
    yield* runGraph(context, sched, {
      startActivity: activity,
      inputOf: (r) => (activity === ACTIVITY.applyResource ? options.inputOf(r) : ({ deployment: plan.deployment, resource: r } satisfies DeleteResourceInput)),
      progress: () => options.progress?.(stage, sched.snapshot(now())),
    });
    writes += sched.writes();
    return sched.failures().length === 0;
  };
  const deleting = (resources: PlannedResource[]) => new GraphScheduler(reverseDependencies(restrictedTo(resources)), "Deleted");

  // 1. The others must carry every prefix while this one is down.
  const others = plan.topology.nvas.map((n) => n.name).filter((n) => n !== nva);
  options.progress?.("waiting for the other NVAs");
  const ready = yield* sessions(others, "waiting for the other NVAs");
  if (!ready.connected) {
    return stop("waiting for the other NVAs", [{ id: vm.id, error: { code: "PeersNotConnected", message: `${nva} was left running: other NVAs' sessions are not Connected (${ready.down.join("; ")})` } }]);
  }

  // 2. Drain: its routes leave Azure before its VM does.
  let sched = deleting(mine.filter((r) => DRAINED.has(r.type)));
  if (!(yield* run("draining", sched, ACTIVITY.deleteResource))) return stop("draining", sched.failures());

  // 3. The VM (and whatever else of it cannot change in place); nothing for a resize.
  const gone = mine.filter((r) => replaceIds.has(r.id) && !DRAINED.has(r.type));
  if (gone.length > 0) {
    sched = deleting(gone);
    if (!(yield* run("deleting", sched, ACTIVITY.deleteResource))) return stop("deleting", sched.failures());
  }

  if (options.whileDown) yield* options.whileDown();

  // 4. Everything of this NVA as planned.
  sched = new GraphScheduler(restrictedTo(mine));
  if (!(yield* run("applying", sched, ACTIVITY.applyResource))) return stop("applying", sched.failures());

  // 5. Back before the next one may go.
  const back = yield* sessions([nva], "reconnecting");
  if (!back.connected) {
    return stop("reconnecting", [{ id: vm.id, error: { code: "SessionsNotConnected", message: `${nva} is back but its sessions are not Connected (${back.down.join("; ")})` } }]);
  }
  options.progress?.("done");
  return { nva, status: "Succeeded", stage: "done", writes, failures: [] };
}
