// The /api/ui routes are anonymous at the Functions layer; on App Service
// they answer only behind App Service authentication (Entra ID sign-in).
import { test } from "node:test";
import assert from "node:assert/strict";
import functions from "@azure/functions";
import { signInGate } from "../../functions/http/ui/sign-in-gate.js";
import { readSettings } from "../../functions/settings.js";

const req = (headers: Record<string, string> = {}) => new functions.HttpRequest({ method: "GET", url: "https://bowtie.azurewebsites.net/api/ui", headers });
// The settings a Function App has, and what App Service adds to them.
const BASE = { AZURE_SUBSCRIPTION_ID: "00000000-0000-4000-8000-000000000001", AzureWebJobsStorage: "UseDevelopmentStorage=true", BOWTIE_PRINCIPAL_OBJECT_ID: "oid" };
const gateOf = (platform: Record<string, string>) => signInGate(readSettings({ ...BASE, ...platform }).ui);
const APP_SERVICE = { WEBSITE_INSTANCE_ID: "abc123" };

test("off App Service (func start, the dashboard's stack) nothing stands in front, and the gate lets everything through", () => {
  assert.equal(gateOf({})(req()), null);
});

test("on App Service without authentication enabled: 403, whatever headers a client sends", () => {
  const gate = gateOf(APP_SERVICE);
  for (const headers of [{}, { "x-ms-client-principal-id": "forged" }] as Array<Record<string, string>>) {
    const res = gate(req(headers));
    assert.equal(res?.status, 403);
    assert.equal((res?.jsonBody as { error: { code: string } }).error.code, "SignInNotConfigured");
  }
});

test("on App Service with authentication: 401 without a signed-in principal, through with one", () => {
  const gate = gateOf({ ...APP_SERVICE, WEBSITE_AUTH_ENABLED: "True" });
  assert.equal(gate(req())?.status, 401);
  assert.equal(gate(req({ "x-ms-client-principal-id": "00000000-0000-4000-8000-0000000000ee" })), null);
});
