// Every operation on a deployment (deploy, remediate, teardown, and the
// coming change and rotate) runs inside this frame: its first step takes or
// confirms the deployment's lock (beginOperation), and every way it ends —
// a result, a refusal by the circuit breaker, an exception past its retries —
// records its final status and reason and releases the lock (endOperation).
// A run refused at the start ends without touching anything or the record.
import type { OrchestrationContext, Task } from "durable-functions";
import type { BeginOperationInput, BeginOperationOutput, EndOperationInput, OperationInput } from "../../activities/contracts.js";
import { ACTIVITY, type OperationKind } from "../../shared/names.js";
import type { TopologySpec } from "../../shared/spec/schema.js";
import { firstLine } from "./first-line.js";
import { armRetry } from "./retry.js";

export interface OperationFrame {
  spec: TopologySpec;
  kind: OperationKind;
  /** The status recorded while it runs. */
  running: BeginOperationInput["status"];
  /** The orchestration's input, for the lock's token. */
  input: OperationInput;
  /**
   * Record the spec when the operation ends rather than when it begins (a
   * deploy that may turn out to be a change): a change refused before it
   * wrote anything leaves the registered spec as it was.
   */
  specAtEnd?: boolean;
}

/** How an operation's body ended: what goes in the record, and what the orchestration returns. */
export interface Ending<R> {
  status: EndOperationInput["status"];
  reason: string | null;
  result: R;
  breaker?: EndOperationInput["breaker"];
  /** With specAtEnd: false when the body wrote nothing and the registered spec stays (default true). */
  adoptSpec?: boolean;
  /** The spec to record, when it is not the frame's as given (a change keeps the deployed gateway generation). */
  recordSpec?: TopologySpec;
}

export type Refusal = Extract<BeginOperationOutput, { begun: false }>;

export function* asOperation<R>(
  context: OrchestrationContext,
  frame: OperationFrame,
  body: () => Generator<Task, Ending<R>, any>,
  refused: (refusal: Refusal) => R,
): Generator<Task, R, any> {
  const retry = armRetry();
  const end = (ending: Omit<Ending<unknown>, "result"> & { result: unknown }) =>
    context.df.callActivityWithRetry(ACTIVITY.endOperation, retry, {
      spec: ending.recordSpec ?? frame.spec,
      kind: frame.kind,
      instanceId: context.df.instanceId,
      status: ending.status,
      result: ending.result,
      reason: ending.reason,
      ...(ending.breaker ? { breaker: ending.breaker } : {}),
      ...(frame.specAtEnd && ending.adoptSpec !== false ? { adoptSpec: true } : {}),
    } satisfies EndOperationInput);

  const begun: BeginOperationOutput = yield context.df.callActivityWithRetry(ACTIVITY.beginOperation, retry, {
    spec: frame.spec,
    kind: frame.kind,
    instanceId: context.df.instanceId,
    token: frame.input.operation?.token ?? "",
    status: frame.running,
    ...(frame.specAtEnd ? { keepSpec: true } : {}),
  } satisfies BeginOperationInput);
  if (!begun.begun) return refused(begun);

  let ending: Ending<R>;
  try {
    ending = yield* body();
  } catch (e) {
    // Thrown past its retries: the record says Failed and why, the lock is free, and the failure still propagates.
    yield end({ status: "Failed", result: null, reason: firstLine(e) });
    throw e;
  }
  yield end(ending);
  return ending.result;
}
