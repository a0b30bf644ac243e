// The last phase of a deploy or remediation: poll the live BGP state until
// every session the plan expects is up and every prefix is learned, or the
// deadline passes. A remediation has one more move: a connection whose
// tunnel is up but whose BGP session still is not, minutes after the
// remediation found (or made) its configuration right, is reset once — the
// "stuck BGP" case in issue 5 — and the polling goes on.
import type { OrchestrationContext, RetryOptions, Task } from "durable-functions";
import type { ReadSessionsOutput, ResetConnectionInput } from "../../activities/contracts.js";
import { assessBgp, type BgpAssessment } from "../../shared/health/bgp-assessment.js";
import { nvasNotRunning, notRunningLine, type NvaNotRunning } from "../../shared/health/nva-power.js";
import { connectionsToReset } from "../../shared/health/stuck-connections.js";
import { ACTIVITY } from "../../shared/names.js";
import type { Plan } from "../../shared/plan/types.js";
import type { Telemetry } from "../../shared/telemetry/index.js";
import { readSessionsInput } from "./read-sessions-input.js";

/** How often and how long to wait for BGP to come up after the last resource. */
export const VERIFY_INTERVAL_MS = 15_000;
export const VERIFY_DEADLINE_MS = 15 * 60_000;
/**
 * How long a remediation waits before it resets a stuck connection: longer
 * than a gateway takes to bring BGP up over a tunnel that just came up (the
 * hold timer, 180 s, plus margin), so a reset never interrupts a session that
 * was merely slow.
 */
export const RESET_AFTER_MS = 5 * 60_000;

export interface Verification {
  assessment: BgpAssessment;
  /** Connections reset (ids), at most once each. */
  resets: string[];
}

export function* verifySessions(
  context: OrchestrationContext,
  plan: Plan,
  options: { retry: RetryOptions; mayReset: boolean; telemetry: Telemetry; progress: (extra: object) => void },
): Generator<Task, Verification, any> {
  const now = () => context.df.currentUtcDateTime.getTime();
  const start = now();
  const resets: string[] = [];
  let resetTried = !options.mayReset;
  for (;;) {
    const observed: ReadSessionsOutput = yield context.df.callActivityWithRetry(ACTIVITY.readSessions, options.retry, readSessionsInput(plan));
    const assessment = withPower(assessBgp(plan, observed.network, observed.routerIps), nvasNotRunning(plan, observed.powerStates));
    options.progress({ sessionsDown: assessment.problems.length, missingRoutes: assessment.missingRoutes.length });
    if (assessment.healthy || now() >= start + VERIFY_DEADLINE_MS) return { assessment, resets };
    if (!resetTried && now() >= start + RESET_AFTER_MS) {
      resetTried = true;
      const stuck = connectionsToReset(plan, observed.network);
      if (stuck.length) {
        options.telemetry.emit("ConnectionsReset", { connections: stuck.length, connectionIds: stuck });
        yield context.df.Task.all(
          stuck.map((connectionId) => context.df.callActivityWithRetry(ACTIVITY.resetConnection, options.retry, { deployment: plan.deployment, connectionId } satisfies ResetConnectionInput)),
        );
        resets.push(...stuck);
      }
    }
    yield context.df.createTimer(new Date(now() + VERIFY_INTERVAL_MS));
  }
}

/** An NVA that does not run fails the verification whatever its sessions read (a stale Connected while it reboots). */
function withPower(assessment: BgpAssessment, notRunning: NvaNotRunning[]): BgpAssessment {
  if (notRunning.length === 0) return assessment;
  const problems = notRunning.map((n) => ({ session: `${n.nva} VM`, state: "Unknown" as const, likelyCause: notRunningLine(n) }));
  return { ...assessment, healthy: false, problems: [...assessment.problems, ...problems] };
}
