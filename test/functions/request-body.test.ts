// How the API reads a request body: at most 256 KiB (413 beyond, without
// holding more than that), JSON content types only (415 otherwise), and an
// empty, non-UTF-8 or non-JSON body is a 400 with a violation at $. Through
// the real POST /api/plan handler and real HttpRequest objects.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import functions from "@azure/functions";
import { dryRunPlan } from "../../functions/http/dry-run-plan.js";
import { readJson } from "../../functions/http/responses.js";
import { MAX_SPEC_BYTES } from "../../shared/spec/spec-text.js";

const seedText = readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8");
const URL_ = "http://localhost/api/plan";
const post = (body: string | Uint8Array | undefined, headers: Record<string, string> = {}) =>
  new functions.HttpRequest({ method: "POST", url: URL_, headers, body: body === undefined ? undefined : typeof body === "string" ? { string: body } : { bytes: body } });
const errorOf = (res: { jsonBody?: unknown }) => (res.jsonBody as { error: { code: string; message: string } }).error;

test("the seed is planned whatever JSON-compatible content type it comes under", async () => {
  for (const type of [undefined, "application/json", "application/json; charset=utf-8", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "application/merge-patch+json"]) {
    const res = await dryRunPlan(post(seedText, type ? { "content-type": type } : {}));
    assert.equal(res.status, 200, `content-type ${type}`);
  }
  // With a byte-order mark, as some editors save files.
  assert.equal((await dryRunPlan(post(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(seedText)]), { "content-type": "application/json" }))).status, 200);
});

test("a content type that cannot carry the spec is 415, naming it", async () => {
  for (const type of ["application/xml", "multipart/form-data; boundary=x", "application/octet-stream", "text/html", "application/json; charset=utf-16"]) {
    const res = await dryRunPlan(post(seedText, { "content-type": type }));
    assert.equal(res.status, 415, type);
    assert.equal(errorOf(res).code, "UnsupportedMediaType");
    assert.ok(errorOf(res).message.includes(type), errorOf(res).message);
  }
});

test("a body over 256 KiB is 413, declared or not, and a lying content-length does not get it read", async () => {
  const big = JSON.stringify({ ...JSON.parse(seedText), $schema: "x".repeat(MAX_SPEC_BYTES) });
  const declared = await dryRunPlan(post("{}", { "content-length": String(MAX_SPEC_BYTES + 1) }));
  assert.equal(declared.status, 413);
  assert.match(errorOf(declared).message, /262145 bytes; a topology spec may be at most 262144 bytes \(256 KiB\)/);
  for (const headers of [{}, { "content-length": "10" }] as Array<Record<string, string>>) {
    const res = await dryRunPlan(post(big, headers));
    assert.equal(res.status, 413);
    assert.equal(errorOf(res).code, "RequestBodyTooLarge");
    assert.match(errorOf(res).message, /larger than 256 KiB/);
  }
  // Exactly at the limit is read (and judged by the rules).
  const compact = JSON.stringify(JSON.parse(seedText));
  const padded = compact + " ".repeat(MAX_SPEC_BYTES - Buffer.byteLength(compact));
  assert.equal((await dryRunPlan(post(padded))).status, 200);
});

test("an endless body is abandoned at the limit: no more than a few 16 KiB chunks past 256 KiB are pulled", async () => {
  let pulled = 0;
  const endless = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += 16 * 1024;
      controller.enqueue(new Uint8Array(16 * 1024).fill(0x20));
    },
  });
  const nativeRequest = new Request(URL_, { method: "POST", body: endless, duplex: "half" } as RequestInit);
  const read = await readJson(new functions.HttpRequest({ method: "POST", url: URL_, nativeRequest } as never));
  assert.equal(read.ok, false);
  if (!read.ok) assert.equal(read.response.status, 413);
  assert.ok(pulled <= MAX_SPEC_BYTES + 3 * 16 * 1024, `${pulled} bytes pulled`);
});

test("an empty, whitespace, non-UTF-8 or non-JSON body is 400 with one violation at $ that says so", async () => {
  const cases: Array<[string | Uint8Array | undefined, RegExp]> = [
    [undefined, /is empty/],
    ["", /is empty/],
    [" \n\t", /is empty/],
    [new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), /not valid UTF-8/],
    ["{oops", /must be JSON/],
    ["<spec/>", /must be JSON/],
    ["name=lab&asn=1", /must be JSON/],
  ];
  for (const [body, rule] of cases) {
    const res = await dryRunPlan(post(body));
    assert.equal(res.status, 400, String(body));
    const violations = (res.jsonBody as { violations: Array<{ path: string; rule: string }> }).violations;
    assert.equal(violations.length, 1);
    assert.equal(violations[0]!.path, "$");
    assert.match(violations[0]!.rule, rule);
  }
});
