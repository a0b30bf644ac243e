// Telemetry for orchestrator code, replay-safe. An orchestrator runs again
// from the top on every episode (each activity result, each timer), and the
// Node durable library has no replay-safe logger (.NET's
// CreateReplaySafeLogger has no JS counterpart): a plain context.log would
// repeat every line once per replay. So a line is written only while
// `context.df.isReplaying` is false — the library sets it per resumed task,
// so the code after the last played task logs exactly once — and its time
// is `context.df.currentUtcDateTime` (deterministic, the episode's time, the
// virtual clock on the emulator), never the wall clock.
import type { OrchestrationContext } from "durable-functions";
import { contextSink, Telemetry, type LineSink } from "./logger.js";

/** `deploymentId` null for an orchestration about no single deployment (the fleet's health pass). */
export function orchestrationTelemetry(context: OrchestrationContext, deploymentId: string | null): Telemetry {
  const sink = contextSink(context);
  const replaySafe: LineSink = (level, line) => {
    if (!context.df.isReplaying) sink(level, line);
  };
  return new Telemetry(replaySafe, { deploymentId, instanceId: context.df.instanceId }, () => context.df.currentUtcDateTime);
}

/** Seconds between two orchestration times (ISO strings or Dates), for durationSeconds. */
export function secondsBetween(from: Date | string, to: Date | string): number {
  return Math.round((new Date(to).getTime() - new Date(from).getTime()) / 100) / 10;
}
