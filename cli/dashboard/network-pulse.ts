// What keeps the emulated network alive under `bowtie dashboard`: on every
// tick, the durable host runs for one tick's worth of simulated time, then
// the health timer's pass (the same runHealthChecks the Function App's timer
// calls, remediation included) reads the network. An out-of-band fault (an
// NVA powered off) therefore shows up on the page at the next tick, read as
// it is a tick later, and the remediation it starts advances tick by tick,
// its progress visible while it runs.
import functions from "@azure/functions";
import type { LocalStack } from "../../emulator/local-stack.js";
import { runHealthChecks } from "../../functions/timer/health-timer.js";

const context = new functions.InvocationContext({ functionName: "dashboard", logHandler: () => undefined });

/** Simulated time a tick's health pass may run before the tick ends without it. */
const PASS_BUDGET_MS = 5 * 60_000;

export interface Pulse {
  /** Ticks completed so far. */
  readonly ticks: number;
  /** Stop ticking; resolves when the tick under way has finished. */
  stop(): Promise<void>;
}

/**
 * One tick of the pulse: a tick's worth of simulated time passes (the durable
 * host runs what falls due in it: remediations, the last pass's follow-ups),
 * then the health pass reads the network and runs to its end. In that order
 * because the simulated clock stands still between ticks: whatever a person
 * does meanwhile (an NVA powered off through the control API) happens at the
 * moment the last tick ended. Read first and it would be read seconds after,
 * inside the BGP hold timer and DPD, with the sessions of a silent NVA still
 * held up; read after the tick's time has passed, it is read as Azure's timer
 * would find it a period later. The first tick (`simulatedMs` 0) only reads.
 */
export async function pulseTick(stack: LocalStack, simulatedMs: number): Promise<void> {
  if (simulatedMs > 0) {
    const until = stack.clock.now() + simulatedMs;
    await stack.host.runUntilIdle({ until });
    // runUntilIdle leaves the clock where the last work was: time passes whether or not anything ran.
    stack.clock.advanceTo(until);
  }
  // Every deployment read precisely each tick: a lab of a few deployments
  // affords it, and the page shows each session as read, not tier 1's
  // metric of a minute that ended minutes ago.
  const pass = await runHealthChecks(stack.client, context, { precise: true });
  // The pass's reads take a few simulated seconds; what it starts (a remediation) carries on in the next tick.
  // Bounded, should a pass ever wait long (a throttled subscription): it then goes on in the next tick.
  const passing = () => ["Pending", "Running"].includes(stack.host.status(pass.instanceId)?.runtimeStatus ?? "");
  await stack.host.runUntilIdle({ until: stack.clock.now() + PASS_BUDGET_MS, stopWhen: () => !passing() });
}

export function startNetworkPulse(stack: LocalStack, opts: { intervalMs: number; simulatedMsPerTick: number; onError: (e: unknown) => void }): Pulse {
  let ticks = 0;
  let first = true;
  let stopped = false;
  let current: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  async function tick(): Promise<void> {
    try {
      const simulatedMs = first ? 0 : opts.simulatedMsPerTick;
      first = false;
      await pulseTick(stack, simulatedMs);
      ticks++;
    } catch (e) {
      opts.onError(e);
    }
  }

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      current = tick().then(schedule);
    }, opts.intervalMs);
  };
  current = tick().then(schedule);

  return {
    get ticks() {
      return ticks;
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
