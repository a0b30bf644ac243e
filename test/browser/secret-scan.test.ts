// The secret scanner the page crawl relies on (test/helpers/secret-scan.ts)
// finds what it must and leaves alone what is not a secret; were it blind,
// the crawl's "nothing found" would prove nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { AZURITE_ACCOUNT_KEY, findSecrets } from "../helpers/secret-scan.js";

const PSK = "q3J9v0Wm_kT2xLr8ZpA7cN4bYe1HsUd6";
const scan = (text: string, known: string[] = [PSK]) => findSecrets([{ where: "x", text }], known).map((f) => f.what);

test("a known secret is found as is, URL-encoded and base64-encoded, and the report does not repeat it", () => {
  assert.deepEqual(scan(`{"note":"${PSK}"}`), ["a known secret value"]);
  assert.deepEqual(scan(`/x?p=${encodeURIComponent(PSK + "/+")}`, [PSK + "/+"]), ["a known secret value"]);
  assert.deepEqual(scan(Buffer.from(PSK).toString("base64")), ["a known secret value"]);
  const [finding] = findSecrets([{ where: "x", text: `psk ${PSK} end` }], [PSK]);
  assert.ok(finding && !finding.excerpt.includes(PSK), "the excerpt masks the value");
});

test("credential shapes are found whatever their value", () => {
  const jwt = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${Buffer.from('{"oid":"abc","tid":"def"}').toString("base64url")}.sig`;
  assert.deepEqual(scan(`token: ${jwt}`), ["a JWT"]);
  assert.deepEqual(scan("-----BEGIN RSA PRIVATE KEY-----\nMIIE"), ["a PEM private key"]);
  assert.ok(scan(`DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_ACCOUNT_KEY}`).includes("a storage account key"));
  assert.deepEqual(scan("https://st.blob.core.windows.net/c/b?sv=2024&sig=abcdefghijklmnop%3D"), ["a shared access signature"]);
  assert.deepEqual(scan('fetch("/api/deployments?code=aBcDeFgHiJkLmNoP==")'), ["a function key in a URL"]);
  assert.deepEqual(scan("Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345"), ["a bearer token"]);
  assert.deepEqual(scan("crypto ikev2 keyring kr\n pre-shared-key 0 SuperSecret123"), ["a pre-shared key in a device config"]);
  assert.deepEqual(scan('{"sharedKey":"abc123"}'), ["a secret-named JSON field with a value"]);
  assert.deepEqual(scan('{"adminPassword": "Aa1-xyz"}'), ["a secret-named JSON field with a value"]);
});

test("placeholders, secret names and ordinary status text are not secrets", () => {
  assert.deepEqual(scan('{"sharedKey":"{{secret:vpn-psk}}","pskSecretName":"vpn-psk","keyVault":{"vaultUrl":"https://kv.vault.azure.net/"}}'), []);
  assert.deepEqual(scan(" pre-shared-key 0 {{secret:vpn-psk}}"), []);
  assert.deepEqual(scan('<td data-state="down">BGP 169.254.21.1 - 10.2.0.10 down since 12:01</td><a href="/api/ui?deployment=lab&code=">x</a>'), []);
  assert.deepEqual(scan("/api/deployments/vpn-bgp-apipa-lab/health"), []);
});
