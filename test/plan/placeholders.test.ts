import { test } from "node:test";
import assert from "node:assert/strict";
import { fillPlaceholders, fillPlaceholdersAsync, findPlaceholders, placeholder, placeholdersIn } from "../../shared/plan/placeholders.js";

test("placeholders are found in nested JSON and filled without touching other text", () => {
  const body = {
    properties: { gatewayIpAddress: placeholder.publicIp("c8k-1-pip"), sharedKey: placeholder.secret("vpn-psk") },
    list: [`peer ${placeholder.routeServerIp(1)} remote-as 65515`, 7, null],
  };
  assert.deepEqual(placeholdersIn(body).map((p) => `${p.kind}:${p.arg}`).sort(), ["publicIp:c8k-1-pip", "routeServerIp:1", "secret:vpn-psk"]);
  const filled = fillPlaceholders(body, (p) => (p.kind === "secret" ? "s3cret" : p.kind === "publicIp" ? "198.51.100.7" : "10.10.4.5"));
  assert.deepEqual(filled, {
    properties: { gatewayIpAddress: "198.51.100.7", sharedKey: "s3cret" },
    list: ["peer 10.10.4.5 remote-as 65515", 7, null],
  });
  assert.equal(body.properties.sharedKey, "{{secret:vpn-psk}}", "the input is not mutated");
});

test("the async filler resolves each distinct placeholder once", async () => {
  const calls: string[] = [];
  const text = `${placeholder.publicIp("a")} ${placeholder.publicIp("a")} ${placeholder.subscriptionId()}`;
  const out = await fillPlaceholdersAsync(text, async (p) => {
    calls.push(p.text);
    return p.kind === "publicIp" ? "1.2.3.4" : "sub";
  });
  assert.equal(out, "1.2.3.4 1.2.3.4 sub");
  assert.deepEqual(calls.sort(), ["{{publicIp:a}}", "{{subscriptionId}}"]);
});

test("text that merely looks like braces is not a placeholder", () => {
  assert.deepEqual(findPlaceholders("{{unknown:x}} {{publicIp}} {secret:x}"), []);
});
