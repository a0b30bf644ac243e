// History events in the wire format the Durable extension sends the Node
// worker (PascalCase fields, EventId = sequence number for scheduled events
// and -1 for the rest, Input/Result as JSON strings). See
// shared/DURABLE-LOCAL.md "History events".
export const EventType = {
  ExecutionStarted: 0,
  TaskScheduled: 4,
  TaskCompleted: 5,
  TaskFailed: 6,
  SubOrchestrationInstanceCreated: 7,
  SubOrchestrationInstanceCompleted: 8,
  SubOrchestrationInstanceFailed: 9,
  TimerCreated: 10,
  TimerFired: 11,
  OrchestratorStarted: 12,
  OrchestratorCompleted: 13,
  EventRaised: 15,
} as const;

export type WireEvent = Record<string, unknown> & { EventType: number; EventId: number; Timestamp: string };

const at = (now: number) => new Date(now).toISOString();
const base = (type: number, eventId: number, now: number, extra: Record<string, unknown> = {}): WireEvent => ({
  EventType: type,
  EventId: eventId,
  IsPlayed: false,
  Timestamp: at(now),
  IsProcessed: false,
  ...extra,
});

/** JSON text for Input/Result fields; the library requires a string (undefined becomes null, as over the wire). */
export const json = (v: unknown) => JSON.stringify(v === undefined ? null : v);

export const events = {
  orchestratorStarted: (now: number) => base(EventType.OrchestratorStarted, -1, now),
  orchestratorCompleted: (now: number) => base(EventType.OrchestratorCompleted, -1, now),
  executionStarted: (now: number, name: string, input: unknown) => base(EventType.ExecutionStarted, -1, now, { Name: name, Input: json(input) }),
  taskScheduled: (now: number, id: number, name: string, input: unknown) => base(EventType.TaskScheduled, id, now, { Name: name, Input: json(input) }),
  taskCompleted: (now: number, id: number, result: unknown) => base(EventType.TaskCompleted, -1, now, { TaskScheduledId: id, Result: json(result) }),
  taskFailed: (now: number, id: number, reason: string, details: string) =>
    base(EventType.TaskFailed, -1, now, { TaskScheduledId: id, Reason: reason, Details: details }),
  timerCreated: (now: number, id: number, fireAt: number) => base(EventType.TimerCreated, id, now, { FireAt: at(fireAt) }),
  timerFired: (now: number, id: number, fireAt: number) => base(EventType.TimerFired, -1, now, { TimerId: id, FireAt: at(fireAt) }),
  subCreated: (now: number, id: number, name: string, instanceId: string, input: unknown) =>
    base(EventType.SubOrchestrationInstanceCreated, id, now, { Name: name, InstanceId: instanceId, Input: json(input) }),
  subCompleted: (now: number, id: number, result: unknown) => base(EventType.SubOrchestrationInstanceCompleted, -1, now, { TaskScheduledId: id, Result: json(result) }),
  subFailed: (now: number, id: number, reason: string, details: string) =>
    base(EventType.SubOrchestrationInstanceFailed, -1, now, { TaskScheduledId: id, Reason: reason, Details: details }),
  eventRaised: (now: number, name: string, input: unknown) => base(EventType.EventRaised, -1, now, { Name: name, Input: json(input) }),
};
