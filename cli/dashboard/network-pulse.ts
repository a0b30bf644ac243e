// What keeps the emulated network alive under `bowtie dashboard`: on every
// tick, the health timer's pass (the same runHealthChecks the Function App's
// timer calls, remediation included), then the durable host runs for one
// tick's worth of simulated time. An out-of-band fault (an NVA powered off)
// therefore shows up on the page within a tick or two, and the remediation
// it starts advances tick by tick, its progress visible while it runs.
import functions from "@azure/functions";
import type { LocalStack } from "../../emulator/local-stack.js";
import { runHealthChecks } from "../../functions/timer/health-timer.js";

const context = new functions.InvocationContext({ functionName: "dashboard", logHandler: () => undefined });

export interface Pulse {
  /** Ticks completed so far. */
  readonly ticks: number;
  /** Stop ticking; resolves when the tick under way has finished. */
  stop(): Promise<void>;
}

/** One tick of the pulse: a health pass, then a tick's worth of simulated time. */
export async function pulseTick(stack: LocalStack, simulatedMs: number): Promise<void> {
  // Every deployment read precisely each tick: a lab of a few deployments
  // affords it, and the page shows each session as read, not tier 1's
  // metric of a minute that ended minutes ago.
  await runHealthChecks(stack.client, context, { precise: true });
  const until = stack.clock.now() + simulatedMs;
  await stack.host.runUntilIdle({ until });
  // runUntilIdle leaves the clock where the last work was: time passes whether or not anything ran.
  stack.clock.advanceTo(until);
}

export function startNetworkPulse(stack: LocalStack, opts: { intervalMs: number; simulatedMsPerTick: number; onError: (e: unknown) => void }): Pulse {
  let ticks = 0;
  let stopped = false;
  let current: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  async function tick(): Promise<void> {
    try {
      await pulseTick(stack, opts.simulatedMsPerTick);
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
