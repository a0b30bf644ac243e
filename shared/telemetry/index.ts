// Structured telemetry: the event catalogue, the redaction guard, the line
// format and the loggers (triggers/activities, replay-safe orchestrators).
// See README.md beside this file for the line format and example KQL.
export * from "./events.js";
export * from "./line.js";
export * from "./logger.js";
export * from "./orchestration.js";
export * from "./redact.js";
