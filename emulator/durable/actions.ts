// The orchestrator's cumulative action list, flattened to its leaves in yield
// order (compound WhenAll/WhenAny children depth-first), and classified the
// way DTFx compares them for determinism: by kind and name only.
import type { WireAction } from "./library.js";

export const ActionType = {
  CallActivity: 0,
  CallActivityWithRetry: 1,
  CallSubOrchestrator: 2,
  CallSubOrchestratorWithRetry: 3,
  ContinueAsNew: 4,
  CreateTimer: 5,
  WaitForExternalEvent: 6,
  CallEntity: 7,
  CallHttp: 8,
  SignalEntity: 9,
  WhenAny: 11,
  WhenAll: 12,
} as const;

export type ScheduledKind = "activity" | "subOrchestration" | "timer";

export function leaves(actions: WireAction[][]): WireAction[] {
  const out: WireAction[] = [];
  const walk = (a: WireAction) => {
    if (a.actionType === ActionType.WhenAll || a.actionType === ActionType.WhenAny) (a.compoundActions ?? []).forEach(walk);
    else out.push(a);
  };
  for (const group of actions) group.forEach(walk);
  return out;
}

/** The kind DTFx records a scheduled event as, or null for actions that schedule nothing (waits, continue-as-new). */
export function scheduledKind(a: WireAction): ScheduledKind | null {
  switch (a.actionType) {
    case ActionType.CallActivity:
    case ActionType.CallActivityWithRetry:
      return "activity";
    case ActionType.CallSubOrchestrator:
    case ActionType.CallSubOrchestratorWithRetry:
      return "subOrchestration";
    case ActionType.CreateTimer:
      return "timer";
    case ActionType.WaitForExternalEvent:
    case ActionType.ContinueAsNew:
      return null;
    default:
      throw new Error(`the local durable driver does not support action type ${a.actionType} (entities and callHttp are not modelled)`);
  }
}

/** Activity and continue-as-new inputs that are strings arrive JSON-encoded once more (Utils.processInput). */
export function decodeInput(a: WireAction): unknown {
  const kind = a.actionType;
  if ((kind === ActionType.CallActivity || kind === ActionType.CallActivityWithRetry || kind === ActionType.ContinueAsNew) && typeof a.input === "string") {
    return JSON.parse(a.input);
  }
  return a.input;
}
