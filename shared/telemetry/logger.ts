// The logger: typed events out as one JSON line each, through the Functions
// InvocationContext (context.info/warn/error), which is how the Node v4
// worker hands user logs to the host and the host to Application Insights
// (`traces`, with the level as severityLevel and the invocation's
// operation_Id). The worker turns the arguments into ONE string with
// util.format (@azure/functions 4.x, InvocationModel's log), so an object
// passed to context.log would arrive as util.inspect text, not JSON: the line
// is serialized here and KQL reads it back with parse_json(message).
//
// Why traces and not customEvents/customMetrics: the host already ships every
// context.log line to Application Insights with nothing to install or start;
// a log-search alert rule or a `summarize` over parse_json(message).metric
// gives the same numbers. Real customMetrics would need an OpenTelemetry
// pipeline (@azure/monitor-opentelemetry: dozens of @opentelemetry packages,
// started before anything else in the worker, its own exporter and sampling)
// that cannot be exercised here without Azure, for numbers the traces carry.
import type { InvocationContext } from "@azure/functions";
import type { EventFields, EventName, Level } from "./events.js";
import { buildLine, formatLine, type Correlation } from "./line.js";

/** Where lines go: the level (for severityLevel) and the JSON text. */
export type LineSink = (level: Level, line: string) => void;

export class Telemetry {
  constructor(
    private readonly sink: LineSink,
    readonly correlation: Correlation,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  emit<E extends EventName>(event: E, fields: EventFields<E>): void {
    try {
      const line = buildLine(event, fields, this.correlation, this.clock());
      this.sink(line.level, formatLine(line));
    } catch {
      // Telemetry never breaks the work it describes (e.g. a circular field).
    }
  }

  /** The same sink and clock about another deployment or instance (an Event Grid batch spans several). */
  with(correlation: Partial<Correlation>): Telemetry {
    return new Telemetry(this.sink, { ...this.correlation, ...correlation }, this.clock);
  }
}

/** Lines through an InvocationContext: information -> context.info, warning -> context.warn, error -> context.error. */
export function contextSink(context: InvocationContext): LineSink {
  return (level, line) => {
    if (level === "error") context.error(line);
    else if (level === "warning") context.warn(line);
    else context.info(line);
  };
}

export const discard: LineSink = () => undefined;

/**
 * For triggers and activities. Without a context (an activity registered by
 * an older functions/index.ts that passes only the input) lines are
 * discarded rather than written to the console, where they would lose the
 * invocation's correlation.
 */
export function invocationTelemetry(context: InvocationContext | undefined, correlation: Omit<Correlation, "invocationId">): Telemetry {
  const invocationId = context?.invocationId && context.invocationId !== "unknown" ? context.invocationId : undefined;
  return new Telemetry(context ? contextSink(context) : discard, { ...correlation, ...(invocationId ? { invocationId } : {}) });
}

/**
 * The orchestration instance an activity runs for: the durable extension
 * puts it in the activity trigger's binding data (`instanceId`), which the
 * Node worker exposes as triggerMetadata; the local driver does the same.
 */
export function activityInstanceId(context: InvocationContext | undefined): string | null {
  const id = context?.triggerMetadata?.instanceId;
  return typeof id === "string" && id ? id : null;
}
