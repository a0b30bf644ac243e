// The standalone control API over HTTPS, ARM's token buckets, and latency.
import { test } from "node:test";
import assert from "node:assert/strict";
import https from "node:https";
import type { Emulator } from "../../emulator/index.js";
import { emulatorWithClients, RG, vnetModel } from "../helpers/emulator-clients.js";

function call(emulator: Emulator, method: string, path: string, body?: unknown, token?: string) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: any }>((resolve, reject) => {
    const q = https.request(`${emulator.endpoint}${path}`, { method, ca: emulator.caCertPem, headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) } }, (res) => {
      let t = "";
      res.on("data", (c) => (t += c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: t ? JSON.parse(t) : null }));
    });
    q.on("error", reject);
    q.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

test("control API: inject a fault, change a resource out of band, read events and request counts", async () => {
  const { emulator, clients } = await emulatorWithClients();
  try {
    await clients.network.virtualNetworks.createOrUpdate(RG, "v1", vnetModel());
    const id = `/subscriptions/${emulator.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/v1`;
    assert.equal((await call(emulator, "POST", "/_bowtie/faults", { match: { method: "GET", name: "v1" }, fault: { kind: "serverError", status: 500 }, times: 1 })).status, 204);
    const token = (await emulator.credential.getToken("x"))!.token;
    assert.equal((await call(emulator, "GET", `${id}?api-version=2026-01-01`, undefined, token)).status, 500);
    assert.equal((await call(emulator, "GET", `${id}?api-version=2026-01-01`, undefined, token)).status, 200, "the fault was used up");
    assert.equal((await call(emulator, "POST", "/_bowtie/out-of-band/edit", { resourceId: id, change: { addressSpace: { addressPrefixes: ["10.51.0.0/16"] } } })).status, 204);
    assert.deepEqual((await clients.network.virtualNetworks.get(RG, "v1")).addressSpace?.addressPrefixes, ["10.51.0.0/16"]);
    const events = (await call(emulator, "GET", "/_bowtie/events")).body as Array<{ subject: string; data: { claims: Record<string, string> } }>;
    assert.ok(events.some((e) => e.subject === id && !e.data.claims.appid), "the out-of-band edit raised a person's event");
    const counts = (await call(emulator, "GET", "/_bowtie/requests")).body as Record<string, number>;
    assert.ok(counts["GET Microsoft.Network/virtualNetworks"]! >= 3);
    assert.equal((await call(emulator, "POST", "/_bowtie/nope", {})).status, 404);
  } finally {
    await emulator.close();
  }
});

test("token buckets: reads beyond ARM's 250 per subscription get 429 with Retry-After until the bucket refills", async () => {
  const { emulator, clock } = await emulatorWithClients();
  try {
    emulator.faults.enableTokenBuckets();
    const token = (await emulator.credential.getToken("x"))!.token;
    const path = `/subscriptions/${emulator.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks?api-version=2026-01-01`;
    const statuses: number[] = [];
    for (let i = 0; i < 251; i++) statuses.push((await call(emulator, "GET", path, undefined, token)).status);
    assert.equal(statuses.filter((s) => s === 200).length, 250);
    const throttled = await call(emulator, "GET", path, undefined, token);
    assert.equal(throttled.status, 429);
    assert.equal(throttled.body.error.code, "SubscriptionRequestsThrottled");
    assert.ok(Number(throttled.headers["retry-after"]) >= 1);
    clock.advanceBy(1000); // 25 reads a second refill
    assert.equal((await call(emulator, "GET", path, undefined, token)).status, 200);
  } finally {
    await emulator.close();
  }
});

test("token buckets are per subscription: one subscription's empty read bucket leaves another's full", async () => {
  const { emulator, clock } = await emulatorWithClients();
  try {
    emulator.faults.enableTokenBuckets();
    const token = (await emulator.credential.getToken("x"))!.token;
    const other = "00000000-0000-4000-8000-000000000002";
    const list = (sub: string) => call(emulator, "GET", `/subscriptions/${sub}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks?api-version=2026-01-01`, undefined, token);
    for (let i = 0; i < 250; i++) assert.equal((await list(emulator.subscriptionId)).status, 200);
    const throttled = await list(emulator.subscriptionId);
    assert.equal(throttled.status, 429);
    assert.match(throttled.body.error.message, new RegExp(emulator.subscriptionId));
    const fresh = await list(other);
    assert.equal(fresh.status, 200, "the other subscription has its own buckets");
    assert.equal(fresh.headers["x-ms-ratelimit-remaining-subscription-reads"], "249");
    assert.deepEqual([...emulator.faults.throttledBySubscription], [[emulator.subscriptionId.toLowerCase(), 1]]);
    clock.advanceBy(1000);
    assert.equal((await list(emulator.subscriptionId)).status, 200);
  } finally {
    await emulator.close();
  }
});

test("latency: an injected delay holds the answer back in real time", async () => {
  const { emulator, clients } = await emulatorWithClients();
  try {
    emulator.faults.inject({ method: "GET" }, { kind: "latency", ms: 300 });
    const started = performance.now();
    await clients.network.virtualNetworks.get(RG, "none").catch(() => undefined);
    assert.ok(performance.now() - started >= 290);
  } finally {
    await emulator.close();
  }
});
