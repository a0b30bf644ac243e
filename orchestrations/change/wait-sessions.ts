// Wait until the named NVAs' BGP sessions are all Connected (both gateway
// instances over their tunnels and, with Route Server, both Route Server
// instances), or a deadline passes. A rolling replacement asks it before it
// takes an NVA down (every other NVA must carry the traffic) and after it
// brought one back (before the next may go). Judged by state alone: an NVA
// not rolled yet still runs its old configuration, whose sessions are the
// same addresses.
import type { OrchestrationContext, RetryOptions, Task } from "durable-functions";
import type { ReadSessionsOutput } from "../../activities/contracts.js";
import { assessBgp } from "../../shared/health/bgp-assessment.js";
import { ACTIVITY } from "../../shared/names.js";
import type { Plan } from "../../shared/plan/types.js";
import { readSessionsInput } from "../deploy/read-sessions-input.js";
import { nvasNotRunning, notRunningLine } from "../../shared/health/nva-power.js";

export const SESSION_POLL_MS = 15_000;
/** A new c8000v boots in about 90 s, then IKE, then BGP (hold timer 180 s at worst): 15 minutes is ample. */
export const SESSION_DEADLINE_MS = 15 * 60_000;

export interface SessionWait {
  connected: boolean;
  /** The sessions still not Connected when it gave up ("c8k-10 gateway instance 0: Idle"). */
  down: string[];
}

export function* waitForSessions(
  context: OrchestrationContext,
  plan: Plan,
  nvas: string[],
  options: { retry: RetryOptions; deadlineMs?: number; progress?: (down: string[]) => void },
): Generator<Task, SessionWait, any> {
  if (nvas.length === 0) return { connected: true, down: [] };
  const now = () => context.df.currentUtcDateTime.getTime();
  const deadline = now() + (options.deadlineMs ?? SESSION_DEADLINE_MS);
  const wanted = new Set(nvas);
  for (;;) {
    const observed: ReadSessionsOutput = yield context.df.callActivityWithRetry(ACTIVITY.readSessions, options.retry, readSessionsInput(plan));
    const a = assessBgp(plan, observed.network, observed.routerIps);
    const down = [
      ...nvasNotRunning(plan, observed.powerStates).filter((n) => wanted.has(n.nva)).map(notRunningLine),
      ...a.gateway.filter((s) => wanted.has(s.nva) && s.state !== "Connected").map((s) => `${s.nva} gateway instance ${s.instance}: ${s.state}`),
      ...a.routeServer.filter((s) => wanted.has(s.nva) && s.state !== "Connected").map((s) => `${s.nva} Route Server ${s.routerIp}: ${s.state}`),
    ];
    options.progress?.(down);
    if (down.length === 0) return { connected: true, down };
    if (now() >= deadline) return { connected: false, down };
    yield context.df.createTimer(new Date(now() + SESSION_POLL_MS));
  }
}
