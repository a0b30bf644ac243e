// LocalDurableHost: plays the Functions host's and DTFx's part for the real
// durable-functions replay engine, in-process, on a virtual clock.
//
// Each episode appends OrchestratorStarted and ONE delivered event to the
// instance's history, replays the whole history through the library (replay
// schema V3, as current hosts negotiate), then acts on what the library
// reports: new tasks are read from its own open-task table (so sequence ids
// are the library's, never a guess), scheduled events are appended, and the
// work is started — real async activities, durable timers, child
// orchestrations. Retries are done here, as DTFx's RetryInterceptor does: a
// failed attempt gets a timer, the timer's firing a fresh attempt, and after
// the last attempt an immediate "dummy" timer after which the library throws.
// Non-determinism is checked as DTFx does: each recorded scheduled event must
// be matched, in order, by an action of the same kind and name.
// See shared/DURABLE-LOCAL.md for the wire facts this mirrors.
import { randomUUID } from "node:crypto";
import { format } from "node:util";
import functions, { type InvocationContext } from "@azure/functions";
import type { OrchestrationHandler } from "durable-functions";
import { VirtualClock } from "../clock.js";
import { ActionType, decodeInput, leaves, scheduledKind, type ScheduledKind } from "./actions.js";
import { createOrchestrator, DummyOrchestrationContext, failureMessage, type ExecutorView, type RetryOptionsWire, type TaskView, type WireAction } from "./library.js";
import { events, type WireEvent } from "./wire.js";

export type ActivityHandler = (input: any, context: InvocationContext) => unknown;
export type RuntimeStatus = "Pending" | "Running" | "Completed" | "Failed" | "Terminated";

export interface InstanceStatus {
  name: string;
  instanceId: string;
  runtimeStatus: RuntimeStatus;
  input: unknown;
  output: unknown;
  customStatus: unknown;
  createdTime: Date;
  lastUpdatedTime: Date;
}

export interface HostOptions {
  orchestrations: Record<string, OrchestrationHandler>;
  activities: Record<string, ActivityHandler>;
  clock?: VirtualClock;
  /** Virtual time between an activity's start and the delivery of its result. */
  activityLatencyMs?: number;
  /** A safety stop for runaway orchestrations. */
  maxEpisodes?: number;
  log?: (line: string) => void;
  /**
   * Every context.log/info/warn/error of an orchestrator or activity, as the
   * Node worker would send it (one util.format string, no driver prefix):
   * what reaches Application Insights `traces`, for tests to read.
   */
  logSink?: (entry: LogEntry) => void;
}

export interface LogEntry {
  level: string;
  message: string;
  instanceId: string;
  functionName: string;
}

export type HostEvent =
  | { type: "status"; instanceId: string; runtimeStatus: RuntimeStatus; customStatus: unknown }
  | { type: "activity"; instanceId: string; name: string; phase: "start" | "end"; at: number; failed?: boolean };

interface Scheduled {
  id: number;
  kind: ScheduledKind;
  name: string;
}

interface RetryRecord {
  kind: "activity" | "subOrchestration";
  name: string;
  input: unknown;
  options: RetryOptionsWire;
  firstAttemptAt: number;
}

interface Instance {
  instanceId: string;
  name: string;
  input: unknown;
  executionId: string;
  history: WireEvent[];
  /** Every event of every execution (continueAsNew starts a new history), for inspection. */
  archive: WireEvent[];
  runtimeStatus: RuntimeStatus;
  output: unknown;
  customStatus: unknown;
  createdTime: number;
  lastUpdatedTime: number;
  primaries: Scheduled[];
  known: Set<number>;
  retries: Map<number, RetryRecord>;
  parent: { instanceId: string; executionId: string; taskId: number } | null;
  episodes: number;
}

interface Delivery {
  dueAt: number;
  seq: number;
  instanceId: string;
  executionId: string;
  /** The event to deliver, or "start" for ExecutionStarted. */
  event: WireEvent | "start";
}

interface InFlight {
  dueAt: number;
  seq: number;
  result: Promise<Delivery>;
}

const ACTIVE: ReadonlySet<RuntimeStatus> = new Set(["Pending", "Running"]);
const MAX_SHORT_TIMER_MS = 6 * 24 * 3600 * 1000; // maximumShortTimerDuration "6.00:00:00"

export class LocalDurableHost {
  readonly clock: VirtualClock;
  private readonly orchestrations = new Map<string, ReturnType<typeof createOrchestrator>>();
  private readonly instances = new Map<string, Instance>();
  private readonly queue: Delivery[] = [];
  private readonly inFlight: InFlight[] = [];
  private readonly listeners = new Set<(e: HostEvent) => void>();
  private seq = 0;

  constructor(private readonly options: HostOptions) {
    this.clock = options.clock ?? new VirtualClock();
    for (const [name, fn] of Object.entries(options.orchestrations)) this.orchestrations.set(name, createOrchestrator(fn));
  }

  /** Swap an orchestrator's code while instances are in flight (to test determinism checks). */
  replaceOrchestrator(name: string, fn: OrchestrationHandler): void {
    this.orchestrations.set(name, createOrchestrator(fn));
  }

  onEvent(listener: (e: HostEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Like the host's default: an id whose instance is Pending or Running cannot be started again. */
  start(name: string, options: { instanceId?: string; input?: unknown } = {}): string {
    if (!this.orchestrations.has(name)) throw new Error(`no orchestration named ${name} is registered`);
    const instanceId = options.instanceId ?? randomUUID().replace(/-/g, "");
    const existing = this.instances.get(instanceId);
    if (existing && ACTIVE.has(existing.runtimeStatus)) {
      throw new Error(`an orchestration instance with id '${instanceId}' already exists and is ${existing.runtimeStatus}`);
    }
    this.createInstance(instanceId, name, clone(options.input), null);
    return instanceId;
  }

  raiseEvent(instanceId: string, eventName: string, data: unknown): void {
    const inst = this.require(instanceId);
    if (!ACTIVE.has(inst.runtimeStatus)) throw new Error(`instance ${instanceId} is ${inst.runtimeStatus}; it takes no events`);
    this.enqueue(inst, this.clock.now(), events.eventRaised(this.clock.now(), eventName, clone(data)));
  }

  terminate(instanceId: string, reason: string): void {
    const inst = this.require(instanceId);
    if (!ACTIVE.has(inst.runtimeStatus)) return;
    inst.runtimeStatus = "Terminated";
    inst.output = reason;
    inst.lastUpdatedTime = this.clock.now();
    this.emit({ type: "status", instanceId, runtimeStatus: "Terminated", customStatus: inst.customStatus });
  }

  status(instanceId: string): InstanceStatus | null {
    const i = this.instances.get(instanceId);
    if (!i) return null;
    return {
      name: i.name,
      instanceId: i.instanceId,
      runtimeStatus: i.runtimeStatus,
      input: clone(i.input),
      output: clone(i.output),
      customStatus: clone(i.customStatus),
      createdTime: new Date(i.createdTime),
      lastUpdatedTime: new Date(i.lastUpdatedTime),
    };
  }

  allStatuses(): InstanceStatus[] {
    return [...this.instances.keys()].map((id) => this.status(id)!);
  }

  /** The wire history of every execution of the instance (JSON, as the host stores it). */
  history(instanceId: string): WireEvent[] {
    return clone(this.require(instanceId).archive);
  }

  purge(instanceId: string): boolean {
    return this.instances.delete(instanceId);
  }

  /** Deliver work in virtual-time order until nothing is left (or the clock would pass `until`, or `stopWhen` holds before a delivery). */
  async runUntilIdle(options: { until?: number; stopWhen?: () => boolean } = {}): Promise<void> {
    for (;;) {
      if (options.stopWhen?.()) return;
      const next = this.next();
      if (!next) return;
      if (options.until !== undefined && next.dueAt > options.until) {
        this.clock.advanceTo(options.until);
        return;
      }
      if ("result" in next) {
        // The earliest thing is a real activity still running: wait for it, then queue its result.
        this.inFlight.splice(this.inFlight.indexOf(next), 1);
        this.queue.push(await next.result);
        continue;
      }
      this.queue.splice(this.queue.indexOf(next), 1);
      this.clock.advanceTo(next.dueAt);
      await this.deliver(next);
    }
  }

  /** Run until the instance is no longer Pending/Running; returns its status. */
  async waitForCompletion(instanceId: string): Promise<InstanceStatus> {
    await this.runUntilIdle();
    const s = this.status(instanceId);
    if (!s) throw new Error(`no instance ${instanceId}`);
    if (ACTIVE.has(s.runtimeStatus)) throw new Error(`instance ${instanceId} is ${s.runtimeStatus} with nothing left to run (waiting for an external event?)`);
    return s;
  }

  // ---------------------------------------------------------------- internals

  private next(): Delivery | InFlight | undefined {
    const all: Array<Delivery | InFlight> = [...this.queue, ...this.inFlight];
    return all.sort((a, b) => a.dueAt - b.dueAt || a.seq - b.seq)[0];
  }

  private require(instanceId: string): Instance {
    const i = this.instances.get(instanceId);
    if (!i) throw new Error(`no orchestration instance ${instanceId} (404)`);
    return i;
  }

  private emit(e: HostEvent): void {
    for (const l of this.listeners) l(e);
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  private sink(level: unknown, args: unknown[], instanceId: string, functionName: string): void {
    this.options.logSink?.({ level: String(level), message: format(...args), instanceId, functionName });
  }

  private createInstance(instanceId: string, name: string, input: unknown, parent: Instance["parent"]): void {
    const now = this.clock.now();
    const inst: Instance = {
      instanceId,
      name,
      input,
      executionId: randomUUID().replace(/-/g, ""),
      history: [],
      archive: [],
      runtimeStatus: "Pending",
      output: null,
      customStatus: null,
      createdTime: now,
      lastUpdatedTime: now,
      primaries: [],
      known: new Set(),
      retries: new Map(),
      parent,
      episodes: 0,
    };
    this.instances.set(instanceId, inst);
    this.enqueue(inst, now, "start");
  }

  private enqueue(inst: Instance, dueAt: number, event: Delivery["event"]): void {
    this.queue.push({ dueAt, seq: this.seq++, instanceId: inst.instanceId, executionId: inst.executionId, event });
  }

  private async deliver(d: Delivery): Promise<void> {
    const inst = this.instances.get(d.instanceId);
    // Work for a finished, terminated or continued-as-new execution is dropped, as the host drops it.
    if (!inst || inst.executionId !== d.executionId || !ACTIVE.has(inst.runtimeStatus)) return;
    const now = this.clock.now();
    if (d.event === "start") {
      inst.runtimeStatus = "Running";
      await this.episode(inst, [events.executionStarted(now, inst.name, inst.input)]);
    } else {
      await this.episode(inst, [d.event]);
    }
  }

  private async episode(inst: Instance, delivered: WireEvent[]): Promise<void> {
    const now = this.clock.now();
    if (++inst.episodes > (this.options.maxEpisodes ?? 20_000)) return this.fail(inst, `more than ${this.options.maxEpisodes ?? 20_000} episodes: runaway orchestration?`);
    const appended = [events.orchestratorStarted(now), ...delivered];
    inst.history.push(...appended);
    inst.archive.push(...appended);

    const handler = this.orchestrations.get(inst.name)!;
    const context = new DummyOrchestrationContext(inst.name, randomUUID(), (level, ...args) => {
      this.log(`[${inst.instanceId}] ${args.join(" ")}`);
      this.sink(level, args, inst.instanceId, inst.name);
    });
    const trigger = {
      history: clone(inst.history), // the library converts Timestamps in place: give it a fresh copy every time
      input: clone(inst.input),
      instanceId: inst.instanceId,
      isReplaying: inst.history.length > appended.length,
      parentInstanceId: inst.parent?.instanceId ?? null,
      upperSchemaVersion: 1,
      upperSchemaVersionNew: 2,
      longRunningTimerIntervalDuration: "3.00:00:00",
      maximumShortTimerDuration: "6.00:00:00",
      defaultHttpAsyncRequestSleepTimeMillseconds: 30000,
    };
    let state;
    try {
      state = await handler(trigger, context);
    } catch (e) {
      this.close(inst, now);
      return this.fail(inst, failureMessage(e));
    }
    const executor = context.df?.taskOrchestratorExecutor as ExecutorView | undefined;
    if (!executor) throw new Error("durable-functions internals changed: no taskOrchestratorExecutor on the context");

    const problem = this.checkDeterminism(inst, state.actions);
    if (problem) {
      this.close(inst, now);
      return this.fail(inst, problem);
    }
    this.scheduleNewWork(inst, state.actions, executor, now);

    if (JSON.stringify(state.customStatus ?? null) !== JSON.stringify(inst.customStatus ?? null)) {
      inst.customStatus = clone(state.customStatus ?? null);
      this.emit({ type: "status", instanceId: inst.instanceId, runtimeStatus: inst.runtimeStatus, customStatus: inst.customStatus });
    }
    inst.lastUpdatedTime = now;
    this.close(inst, now);

    const continueAsNew = leaves(state.actions).find((a) => a.actionType === ActionType.ContinueAsNew);
    if (continueAsNew) return this.restart(inst, decodeInput(continueAsNew));
    if (state.isDone) return this.complete(inst, state.output);
  }

  /** OrchestratorCompleted, and everything so far is "played" for the next replay. */
  private close(inst: Instance, now: number): void {
    const done = events.orchestratorCompleted(now);
    inst.history.push(done);
    inst.archive.push(done);
    for (const e of inst.history) e.IsPlayed = true;
  }

  private checkDeterminism(inst: Instance, actions: WireAction[][]): string | null {
    const produced = leaves(actions)
      .map((a) => ({ kind: scheduledKind(a), name: a.functionName ?? "" }))
      .filter((x): x is { kind: ScheduledKind; name: string } => x.kind !== null);
    for (const [i, rec] of inst.primaries.entries()) {
      const now = produced[i];
      const what = (k: ScheduledKind) => (k === "subOrchestration" ? "sub-orchestration" : k);
      if (!now) {
        return `NonDeterministicOrchestrationException: A previous execution of this orchestration scheduled ${what(rec.kind)} '${rec.name}' with sequence id ${rec.id}, but the current replay produced no action for it. Was a change made to the orchestrator code after this instance had already started running?`;
      }
      if (now.kind !== rec.kind || (rec.kind !== "timer" && now.name.toLowerCase() !== rec.name.toLowerCase())) {
        return `NonDeterministicOrchestrationException: A previous execution of this orchestration scheduled ${what(rec.kind)} '${rec.name}' with sequence id ${rec.id}, but the current replay produced ${what(now.kind)} '${now.name}'. Was a change made to the orchestrator code after this instance had already started running?`;
      }
    }
    return null;
  }

  private scheduleNewWork(inst: Instance, actions: WireAction[][], executor: ExecutorView, now: number): void {
    const fresh = Object.values(executor.openTasks)
      .filter((t): t is TaskView & { id: number } => typeof t.id === "number" && !inst.known.has(t.id))
      .sort((a, b) => a.id - b.id);
    const newLeaves = leaves(actions)
      .filter((a) => scheduledKind(a) !== null)
      .slice(inst.primaries.length);
    const regular = fresh.filter((t) => t.constructor.name !== "NoOpTask");
    if (regular.length !== newLeaves.length) {
      throw new Error(`local durable driver out of step with the library: ${newLeaves.length} new action(s) but ${regular.length} new open task(s)`);
    }
    for (const task of fresh) {
      inst.known.add(task.id);
      if (task.constructor.name === "NoOpTask") this.retryStep(inst, task, now);
      else this.scheduleAction(inst, task.id, task.actionObj!, now);
    }
  }

  private scheduleAction(inst: Instance, id: number, action: WireAction, now: number): void {
    const kind = scheduledKind(action)!;
    inst.primaries.push({ id, kind, name: action.functionName ?? "" });
    if (kind === "timer") {
      const fireAt = new Date(action.fireAt as string | Date).getTime();
      if (fireAt - now > MAX_SHORT_TIMER_MS) throw new Error(`timers longer than 6 days (long timers) are not supported by the local driver`);
      this.addScheduled(inst, events.timerCreated(now, id, fireAt));
      this.enqueue(inst, Math.max(fireAt, now), events.timerFired(fireAt, id, fireAt));
      return;
    }
    const name = action.functionName!;
    const input = decodeInput(action);
    if (action.retryOptions) inst.retries.set(id, { kind, name, input, options: action.retryOptions, firstAttemptAt: now } as RetryRecord);
    if (kind === "activity") this.startActivity(inst, id, name, input, now);
    else this.startChild(inst, id, name, input, action.instanceId || `${inst.executionId}:${id}`, now);
  }

  /** A placeholder the library's RetryableTask opened: either the wait before a retry, or the retry itself. */
  private retryStep(inst: Instance, task: TaskView & { id: number }, now: number): void {
    const retryable = task.parent!;
    const original = retryable.children[0]!.id as number;
    const rec = inst.retries.get(original);
    if (!rec) throw new Error(`retry placeholder ${task.id} has no retried task ${original}`);
    if (retryable.isWaitingOnTimer) {
      const attempt = retryable.attemptNumber ?? 2; // already counts the failed attempt
      let fireAt = now; // after the last attempt DTFx writes a timer that fires at once
      if (attempt <= rec.options.maxNumberOfAttempts) {
        const timeout = rec.options.retryTimeoutInMilliseconds;
        if (timeout && timeout > 0 && now >= rec.firstAttemptAt + timeout) {
          throw new Error("a retry timeout expired: DTFx stops retrying without a timer there, which the local driver does not model");
        }
        const delay = rec.options.firstRetryIntervalInMilliseconds * (rec.options.backoffCoefficient ?? 1) ** (attempt - 2);
        const cap = rec.options.maxRetryIntervalInMilliseconds;
        fireAt = now + (cap && cap > 0 ? Math.min(delay, cap) : delay);
      }
      this.addScheduled(inst, events.timerCreated(now, task.id, fireAt));
      this.enqueue(inst, fireAt, events.timerFired(fireAt, task.id, fireAt));
      return;
    }
    if (rec.kind === "activity") this.startActivity(inst, task.id, rec.name, rec.input, now);
    else this.startChild(inst, task.id, rec.name, rec.input, `${inst.executionId}:${task.id}`, now);
  }

  private addScheduled(inst: Instance, e: WireEvent): void {
    inst.history.push(e);
    inst.archive.push(e);
  }

  private startActivity(inst: Instance, id: number, name: string, input: unknown, now: number): void {
    this.addScheduled(inst, events.taskScheduled(now, id, name, input));
    const fn = this.options.activities[name];
    const dueAt = now + (this.options.activityLatencyMs ?? 1000);
    const executionId = inst.executionId;
    const context = new functions.InvocationContext({
      functionName: name,
      invocationId: randomUUID(),
      // The durable extension gives an activity its orchestration's instance id as binding data.
      triggerMetadata: { instanceId: inst.instanceId },
      logHandler: (level, ...args) => {
        this.log(`[${inst.instanceId}:${name}] ${args.join(" ")}`);
        this.sink(level, args, inst.instanceId, name);
      },
    });
    this.emit({ type: "activity", instanceId: inst.instanceId, name, phase: "start", at: now });
    const result = (async (): Promise<Delivery> => {
      const finish = (event: WireEvent, failed: boolean): Delivery => {
        this.emit({ type: "activity", instanceId: inst.instanceId, name, phase: "end", at: dueAt, failed });
        return { dueAt, seq: this.seq++, instanceId: inst.instanceId, executionId, event };
      };
      try {
        if (!fn) throw new Error(`The function '${name}' doesn't exist, is disabled, or is not an activity function.`);
        const output = await fn(clone(input), context);
        return finish(events.taskCompleted(dueAt, id, clone(output)), false);
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        return finish(
          events.taskFailed(dueAt, id, `Activity function '${name}' failed: ${err.message}`, JSON.stringify({ message: err.message, name: err.name })),
          true,
        );
      }
    })();
    this.inFlight.push({ dueAt, seq: this.seq++, result });
  }

  private startChild(inst: Instance, id: number, name: string, input: unknown, childId: string, now: number): void {
    this.addScheduled(inst, events.subCreated(now, id, name, childId, input));
    if (!this.orchestrations.has(name)) {
      this.enqueue(inst, now, events.subFailed(now, id, `Orchestrator function '${name}' failed: no such orchestrator`, "{}"));
      return;
    }
    const existing = this.instances.get(childId);
    if (existing && ACTIVE.has(existing.runtimeStatus)) {
      // As in DTFx: an instance id that is already running cannot be created again.
      this.enqueue(inst, now, events.subFailed(now, id, `An orchestration instance with id '${childId}' is already ${existing.runtimeStatus}`, "{}"));
      return;
    }
    this.createInstance(childId, name, clone(input), { instanceId: inst.instanceId, executionId: inst.executionId, taskId: id });
  }

  private complete(inst: Instance, output: unknown): void {
    inst.runtimeStatus = "Completed";
    inst.output = clone(output ?? null);
    this.emit({ type: "status", instanceId: inst.instanceId, runtimeStatus: "Completed", customStatus: inst.customStatus });
    this.notifyParent(inst, (now, taskId) => events.subCompleted(now, taskId, inst.output));
  }

  private fail(inst: Instance, message: string): void {
    inst.runtimeStatus = "Failed";
    inst.output = message;
    inst.lastUpdatedTime = this.clock.now();
    this.log(`[${inst.instanceId}] failed: ${message}`);
    this.emit({ type: "status", instanceId: inst.instanceId, runtimeStatus: "Failed", customStatus: inst.customStatus });
    this.notifyParent(inst, (now, taskId) =>
      events.subFailed(now, taskId, `Orchestrator function '${inst.name}' failed: ${message}`, JSON.stringify({ message })),
    );
  }

  private notifyParent(inst: Instance, event: (now: number, taskId: number) => WireEvent): void {
    if (!inst.parent) return;
    const parent = this.instances.get(inst.parent.instanceId);
    if (!parent || parent.executionId !== inst.parent.executionId) return;
    const now = this.clock.now();
    this.queue.push({ dueAt: now, seq: this.seq++, instanceId: parent.instanceId, executionId: parent.executionId, event: event(now, inst.parent.taskId) });
  }

  /** continueAsNew: a fresh execution with a new history and the new input, started at once. */
  private restart(inst: Instance, input: unknown): void {
    inst.executionId = randomUUID().replace(/-/g, "");
    inst.history = [];
    inst.primaries = [];
    inst.known = new Set();
    inst.retries = new Map();
    inst.input = clone(input);
    this.enqueue(inst, this.clock.now(), "start");
  }
}

/** The JSON boundary every value crosses between host and worker. */
function clone<T>(v: T): T {
  return v === undefined ? (null as T) : (JSON.parse(JSON.stringify(v)) as T);
}
