// A typed shim over the durable-functions internals the driver uses. The
// package ships no types for lib/src (deep imports); the version is pinned in
// package.json, and the driver's strict-mode tests catch a changed internal.
import { createRequire } from "node:module";
import type { InvocationContext } from "@azure/functions";
import type { OrchestrationHandler } from "durable-functions";

const require = createRequire(import.meta.url);
const testing = require("durable-functions/lib/src/util/testingUtils.js") as {
  createOrchestrator(fn: OrchestrationHandler): (trigger: unknown, context: InvocationContext) => Promise<OrchestratorState>;
  DummyOrchestrationContext: new (name?: string, invocationId?: string, log?: (level: unknown, ...args: unknown[]) => void) => InvocationContext & {
    df?: { taskOrchestratorExecutor?: ExecutorView };
  };
};

/** The action shapes the library emits (wire names). */
export interface WireAction {
  actionType: number;
  functionName?: string;
  input?: unknown;
  retryOptions?: RetryOptionsWire;
  instanceId?: string;
  fireAt?: string | Date;
  isCanceled?: boolean;
  externalEventName?: string;
  compoundActions?: WireAction[];
}

export interface RetryOptionsWire {
  firstRetryIntervalInMilliseconds: number;
  maxNumberOfAttempts: number;
  backoffCoefficient?: number;
  maxRetryIntervalInMilliseconds?: number;
  retryTimeoutInMilliseconds?: number;
}

export interface OrchestratorState {
  isDone: boolean;
  actions: WireAction[][];
  output?: unknown;
  error?: string;
  customStatus?: unknown;
}

/** What the driver reads of a library task (lib/src/task/*.js). */
export interface TaskView {
  id: number | string | false;
  actionObj?: WireAction;
  parent?: TaskView & { children: TaskView[]; isWaitingOnTimer?: boolean; attemptNumber?: number; retryOptions?: RetryOptionsWire };
  constructor: { name: string };
}

export interface ExecutorView {
  openTasks: Record<string, TaskView>;
}

export const createOrchestrator = testing.createOrchestrator;
export const DummyOrchestrationContext = testing.DummyOrchestrationContext;

/** The library rejects with OrchestrationFailureError whose message carries the state after a label. */
export function failureMessage(e: unknown): string {
  const text = (e as Error)?.message ?? String(e);
  const label = "$OutOfProcData$:";
  const at = text.indexOf(label);
  if (at < 0) throw e;
  const state = JSON.parse(text.slice(at + label.length)) as { error?: string };
  return state.error ?? "orchestrator failed";
}
