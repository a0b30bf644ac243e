// A query the emulator refuses: Resource Graph answers 400 with the reason in
// error.details. "UnsupportedOperator"/"UnsupportedFunction" name what the
// emulator's subset lacks (Azure would accept it), so a test never gets a
// silently wrong answer; "InvalidQuery" is a query Azure would refuse too.
export type KqlErrorCode = "InvalidQuery" | "UnsupportedOperator" | "UnsupportedFunction" | "UnsupportedTable";

export class KqlError extends Error {
  constructor(
    readonly code: KqlErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const unsupported = (what: string, kind: "operator" | "function" = "operator") =>
  new KqlError(kind === "operator" ? "UnsupportedOperator" : "UnsupportedFunction", `The emulator's Resource Graph does not support the ${kind} '${what}' (see emulator/resource-graph/README.md for the supported KQL subset).`);
