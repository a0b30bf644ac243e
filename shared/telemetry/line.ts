// One telemetry line: ONE JSON object, built in a fixed key order so a human
// reading `traces` sees the same shape every time:
//   {"bowtie":1,"ts":…,"level":…,"event":…,"deploymentId":…,"instanceId":…,<fields>,"metric":{name,value}?,"redacted":[…]?}
// `bowtie` (the line format's version) comes first so a query can keep only
// these lines cheaply: `traces | where message startswith '{"bowtie":'`.
// Pure: time and correlation are given, the redaction guard is applied here.
import { levelOf, METRICS, type EventFields, type EventName, type Level, type Metric } from "./events.js";
import { redact } from "./redact.js";

export const LINE_VERSION = 1;

export interface Correlation {
  /** The deployment's name (the spec's `name`); null where none is known (an unparsable request, an unmanaged resource). */
  deploymentId: string | null;
  /** The orchestration instance the line is about (deploy:…, remediate:…, teardown:…), or null. */
  instanceId: string | null;
  /** The Functions invocation that wrote it, to join with `requests`/`traces` (operation_Id is the host's). */
  invocationId?: string;
}

export interface TelemetryLine {
  bowtie: number;
  ts: string;
  level: Level;
  event: EventName;
  deploymentId: string | null;
  instanceId: string | null;
  invocationId?: string;
  metric?: Metric;
  redacted?: string[];
  [field: string]: unknown;
}

const RESERVED = new Set(["bowtie", "ts", "level", "event", "deploymentId", "instanceId", "invocationId", "metric", "redacted"]);

export function buildLine<E extends EventName>(event: E, fields: EventFields<E>, correlation: Correlation, at: Date): TelemetryLine {
  const level = levelOf(event, fields);
  const metricOf = METRICS[event] as ((f: EventFields<E>) => Metric) | undefined;
  const metric = metricOf?.(fields);
  const { value: clean, masked } = redact({ ...correlation, fields: fields as Record<string, unknown> });
  const line: TelemetryLine = {
    bowtie: LINE_VERSION,
    ts: at.toISOString(),
    level,
    event,
    deploymentId: clean.deploymentId ?? null,
    instanceId: clean.instanceId ?? null,
    ...(clean.invocationId ? { invocationId: clean.invocationId } : {}),
  };
  // A field may not overwrite the envelope (a caller's `event` or `instanceId` field is dropped, not trusted).
  for (const [k, v] of Object.entries(clean.fields)) if (!RESERVED.has(k) && v !== undefined) line[k] = v;
  if (metric && Number.isFinite(metric.value)) line.metric = metric;
  if (masked.length) line.redacted = masked.map((p) => p.replace(/^fields\./, ""));
  return line;
}

export function formatLine(line: TelemetryLine): string {
  return JSON.stringify(line);
}
