// JSON responses with the status codes the API documents.
import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { MAX_SPEC_BYTES, parseSpecBytes, tooLargeRule } from "../../shared/spec/spec-text.js";
import { listViolations } from "../../shared/spec/violation-list.js";
import type { Violation } from "../../shared/spec/violations.js";

export const json = (status: number, body: unknown): HttpResponseInit => ({ status, jsonBody: body });

/** 400 with the first violations (each cut to a readable length) and, past the cap, how many more there were. */
export function invalidSpec(violations: Violation[], warnings: Violation[] = []): HttpResponseInit {
  const errors = listViolations(violations);
  const notes = listViolations(warnings);
  const listed = errors.omitted ? `; the first ${errors.listed.length} are listed` : "";
  return json(400, {
    error: { code: "InvalidTopologySpec", message: `the topology spec breaks ${violations.length} rule(s)${listed}` },
    violations: errors.listed,
    ...(errors.omitted ? { omittedViolations: errors.omitted } : {}),
    warnings: notes.listed,
    ...(notes.omitted ? { omittedWarnings: notes.omitted } : {}),
  });
}

export const notFound = (what: string): HttpResponseInit => json(404, { error: { code: "NotFound", message: `${what} was not found` } });

export const conflict = (message: string, extra: object = {}): HttpResponseInit => json(409, { error: { code: "Conflict", message }, ...extra });

// Media types a JSON spec arrives under: JSON itself; text/plain, which fetch()
// gives a string body by default; and application/x-www-form-urlencoded,
// which `curl --data` sends unless told otherwise (the README's local example
// does). Anything else (XML, multipart forms, octet streams) is refused
// unread with 415.
const JSON_MEDIA_TYPES = /^(application\/json|application\/[\w.+-]+\+json|text\/plain|application\/x-www-form-urlencoded)$/;

type BodyRequest = Pick<HttpRequest, "headers" | "body">;
/** A refusal carries the answer to send and a fixed reason for telemetry (never the body's text, which a parse error may quote). */
export type BodyRead = { ok: true; value: unknown } | { ok: false; message: string; reason: string; response: HttpResponseInit };

const refused = (status: number, code: string, message: string, reason: string): BodyRead => ({ ok: false, message, reason, response: json(status, { error: { code, message } }) });
const notJson = (message: string): BodyRead => ({ ok: false, message, reason: "the request body is not JSON", response: invalidSpec([{ path: "$", rule: message }]) });

/** The refusal of a content type that cannot carry the spec, or null when it can (or none is given). */
function unsupportedType(contentType: string | null): BodyRead | null {
  if (!contentType) return null;
  const [mediaType = "", ...params] = contentType.split(";").map((p) => p.trim().toLowerCase());
  const charset = params.find((p) => p.startsWith("charset="))?.slice("charset=".length).replace(/"/g, "");
  if (JSON_MEDIA_TYPES.test(mediaType) && (!charset || charset === "utf-8" || charset === "utf8")) return null;
  const shown = contentType.length > 100 ? `${contentType.slice(0, 100)}…` : contentType;
  return refused(415, "UnsupportedMediaType", `the request body must be the topology spec as JSON (content-type application/json, UTF-8); got content-type ${shown}`, "the content type is not JSON");
}

/**
 * Reads a JSON body of at most MAX_SPEC_BYTES: a declared content-length over
 * it is refused unread, and a body that runs past it is abandoned there, so
 * no more than the limit is ever held. 413 for too large, 415 for a content
 * type that is not JSON, 400 (a violation at $) for an empty or non-JSON body.
 */
export async function readJson(request: BodyRequest): Promise<BodyRead> {
  const wrongType = unsupportedType(request.headers.get("content-type"));
  if (wrongType) return wrongType;
  const tooLarge = (bytes?: number) => refused(413, "RequestBodyTooLarge", tooLargeRule("the request body", bytes), "the request body is too large");
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > MAX_SPEC_BYTES) return tooLarge(declared);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    try {
      for (;;) {
        const { done, value } = (await reader.read()) as ReadableStreamReadResult<Uint8Array>;
        if (done) break;
        size += value.byteLength;
        if (size > MAX_SPEC_BYTES) {
          await reader.cancel().catch(() => undefined);
          return tooLarge();
        }
        chunks.push(value);
      }
    } catch (e) {
      return notJson(`the request body could not be read: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  const parsed = parseSpecBytes(bytes, "the request body");
  return parsed.ok ? parsed : notJson(parsed.rule);
}
