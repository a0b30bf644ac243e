// JSON responses with the status codes the API documents.
import type { HttpResponseInit } from "@azure/functions";
import type { Violation } from "../../shared/spec/violations.js";

export const json = (status: number, body: unknown): HttpResponseInit => ({ status, jsonBody: body });

export const invalidSpec = (violations: Violation[], warnings: Violation[] = []): HttpResponseInit =>
  json(400, { error: { code: "InvalidTopologySpec", message: `the topology spec breaks ${violations.length} rule(s)` }, violations, warnings });

export const notFound = (what: string): HttpResponseInit => json(404, { error: { code: "NotFound", message: `${what} was not found` } });

export const conflict = (message: string, extra: object = {}): HttpResponseInit => json(409, { error: { code: "Conflict", message }, ...extra });

/** Reads a JSON body; null when it is not JSON. */
export async function readJson(request: { text(): Promise<string> }): Promise<{ ok: true; value: unknown } | { ok: false; message: string }> {
  const text = await request.text();
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, message: `the request body must be JSON: ${(e as Error).message}` };
  }
}
