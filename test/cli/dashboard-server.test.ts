// The dashboard's HTTP plumbing (the Function App's handlers without the
// Functions host): routes with parameters, a bounded clean answer for any
// path, body or handler failure.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { Route } from "../../cli/dashboard/routes.js";
import { startDashboardServer, type DashboardServer } from "../../cli/dashboard/server.js";
import { MAX_SPEC_BYTES } from "../../shared/spec/spec-text.js";

let server: DashboardServer;
const routes: Route[] = [
  { method: "GET", path: "/api/ui/api/deployments/{name}", handle: (r) => ({ status: 200, jsonBody: { name: r.params.name } }) },
  { method: "POST", path: "/api/echo", handle: async (r) => ({ status: 200, jsonBody: { bytes: (await r.arrayBuffer()).byteLength } }) },
  {
    method: "GET",
    path: "/api/boom",
    handle: () => {
      throw new Error("first line\n    at secret/stack/frame.js:1:1");
    },
  },
];

before(async () => (server = await startDashboardServer(routes, 0)));
after(async () => server.close());

test("a route's parameter arrives decoded; the answer is JSON", async () => {
  const res = await fetch(`${server.url}/api/ui/api/deployments/lab-1`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
  assert.deepEqual(await res.json(), { name: "lab-1" });
});

test("an unknown path, a wrong method, a malformed escape: 404 with a JSON error, never a crash", async () => {
  for (const [method, path] of [["GET", "/nope"], ["DELETE", "/api/ui/api/deployments/lab-1"], ["GET", "/api/ui/api/deployments/%E0%A4%A"], ["GET", "/api/ui/api/deployments/"]]) {
    const res = await fetch(`${server.url}${path}`, { method });
    assert.equal(res.status, 404, `${method} ${path}`);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, "NotFound");
  }
  assert.equal((await fetch(`${server.url}/`, { redirect: "manual" })).headers.get("location"), "/api/ui");
});

test("a body larger than a spec may be is cut one byte past the limit (the handler refuses it), not held whole", async () => {
  const res = await fetch(`${server.url}/api/echo`, { method: "POST", body: "x".repeat(MAX_SPEC_BYTES * 3) });
  assert.deepEqual(await res.json(), { bytes: MAX_SPEC_BYTES + 1 });
});

test("a handler that throws: 500 with the error's first line only", async () => {
  const res = await fetch(`${server.url}/api/boom`);
  assert.equal(res.status, 500);
  assert.deepEqual(await res.json(), { error: { code: "InternalError", message: "first line" } });
});
