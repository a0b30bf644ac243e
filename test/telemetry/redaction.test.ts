// The redaction guard: a field named like a secret is masked whatever it
// holds, secret-looking text is masked inside any string, references to
// secrets (Key Vault secret NAMES, vault URLs) are kept. Each check has its
// positive control: the same data serialized WITHOUT the guard does contain
// the secret, so a guard that stopped masking would fail the test.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildLine, formatLine, isSecretName, MASK, redact, redactText } from "../../shared/telemetry/index.js";

const PSK = "q7Vd-8kP2xR4mN9tL3wZ5yB1cF6hJ0sA";
const ACCOUNT_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const who = { deploymentId: "seed-lab", instanceId: "deploy-seed-lab" };
const at = new Date(Date.UTC(2030, 0, 1));

/** The check every test uses: would this text show the secret to someone reading `traces`? */
const leaks = (text: string, secret: string) => text.includes(secret);

test("a field named like a secret is masked, and the line says what was masked", () => {
  const fields = { reason: "x", sharedKey: PSK } as unknown as { reason: string };
  assert.ok(leaks(JSON.stringify({ ...who, ...fields }), PSK), "positive control: unguarded, the key is in the text");
  const text = formatLine(buildLine("RemediationRefused", fields, who, at));
  assert.ok(!leaks(text, PSK), text);
  const line = JSON.parse(text);
  assert.equal(line.sharedKey, MASK);
  assert.deepEqual(line.redacted, ["sharedKey"]);
  assert.equal(line.reason, "x", "the rest of the line is intact");
});

test("names that hold secrets vs names that point at them", () => {
  for (const k of ["sharedKey", "psk", "PSK", "adminPassword", "password", "secret", "secretValue", "clientSecret", "connectionString", "AzureWebJobsStorage_connectionString", "accountKey", "accessToken", "customData", "private_key", "sas"]) {
    assert.ok(isSecretName(k), `${k} is masked`);
  }
  for (const k of ["pskSecretName", "adminPasswordSecretName", "pskMode", "vaultUrl", "secretNames", "resourceId", "reason", "status", "tokenCount"]) {
    assert.ok(!isSecretName(k), `${k} is a reference or harmless, kept`);
  }
});

test("nested and in arrays too; the input is not changed", () => {
  const input = { spec: { keyVault: { vaultUrl: "https://kv.vault.azure.net/", pskSecretName: "bowtie-psk" } }, tunnels: [{ name: "t1", psk: PSK }] };
  const { value, masked } = redact(input);
  assert.ok(leaks(JSON.stringify(input), PSK), "positive control");
  assert.ok(!leaks(JSON.stringify(value), PSK));
  assert.deepEqual(masked, ["tunnels[0].psk"]);
  assert.equal(value.spec.keyVault.pskSecretName, "bowtie-psk", "a Key Vault secret name is fine");
  assert.equal(input.tunnels[0]!.psk, PSK, "the caller's object is untouched");
});

test("secret-looking text inside strings: storage connection strings, SAS, IOS keyrings, bearer tokens, PEM keys", () => {
  const samples: Array<[string, string]> = [
    [`DefaultEndpointsProtocol=https;AccountName=bowtie;AccountKey=${ACCOUNT_KEY};EndpointSuffix=core.windows.net`, ACCOUNT_KEY],
    [`Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=${PSK}`, PSK],
    [`https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sig=${PSK}&se=2030`, PSK],
    [`crypto ikev2 keyring kr\n peer p\n  pre-shared-key ${PSK}\n`, PSK],
    [`crypto isakmp key 6 x pre-shared-key address 20.1.2.3 key 0 ${PSK}`, PSK],
    [`request failed: Authorization: Bearer ${PSK}`, PSK],
    [`-----BEGIN RSA PRIVATE KEY-----\n${PSK}\n-----END RSA PRIVATE KEY-----`, PSK],
  ];
  for (const [text, secret] of samples) {
    assert.ok(leaks(text, secret), "positive control");
    const clean = redactText(text);
    assert.ok(!leaks(clean, secret), `masked in: ${clean}`);
    assert.ok(clean.includes(MASK));
  }
  assert.ok(redactText("AccountName=bowtie;AccountKey=abc").includes("AccountName=bowtie"), "the label and the rest are kept");
  assert.equal(redactText("  pre-shared-key {{secret:bowtie-psk}}"), "  pre-shared-key {{secret:bowtie-psk}}", "a placeholder is a reference, kept");
});

test("a failure reason carrying a connection string is masked in the emitted line", () => {
  const reason = `registry write failed for UseDevelopmentStorage: AccountName=devstoreaccount1;AccountKey=${ACCOUNT_KEY};`;
  const text = formatLine(buildLine("DeploymentFailed", { purpose: "deploy", reason, failures: 1 }, who, at));
  assert.ok(!leaks(text, ACCOUNT_KEY), text);
  assert.deepEqual(JSON.parse(text).redacted, ["reason"]);
});
