// The rules a Key Vault value must meet before it is passed on: a PSK that
// IOS XE reads whole after `pre-shared-key 0` and Azure accepts, an admin
// password Azure accepts. A failure names the secret and the rule only.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkSecretValue, SecretValueError } from "../../activities/arm/secret-rules.js";

const refused = (name: string, use: "psk" | "adminPassword", value: string): SecretValueError => {
  try {
    checkSecretValue(name, use, value);
  } catch (e) {
    assert.ok(e instanceof SecretValueError);
    assert.equal(e.code, "InvalidSecretValue");
    assert.ok(e.message.includes(`Key Vault secret ${name} `), e.message);
    if (value.length > 1) assert.ok(!e.message.includes(value), `the value leaked: ${e.message}`);
    return e;
  }
  assert.fail(`${JSON.stringify(value)} was accepted as ${use}`);
};

test("PSKs IOS XE and Azure both take are accepted", () => {
  for (const v of ["a", "Lab-Only-Psk-7f3a", "q7Vd-8kP2xR4mN9tL3wZ5yB1cF6hJ0sA", "A".repeat(128), "6abc", "0", "Az+/=_-.~!@#$%^&*()[]{}<>|;:,'\"`\\"]) {
    assert.doesNotThrow(() => checkSecretValue("vpn-psk", "psk", v), v);
  }
});

test("PSKs that would break the keyring line or Azure's limit are refused, each with its rule", () => {
  const cases: Array<[string, RegExp]> = [
    ["", /empty/],
    ["Abc123\nusername pwned privilege 15 secret 0 x", /line break/],
    ["Abc123\rx", /line break/],
    ["Abc\t123", /control character/],
    ["Abc\u0000123", /control character/],
    ["Abc 123", /space/],
    ["6 Abc123", /space/],
    ["0 Abc123", /space/],
    ["Abc?123", /'\?'/],
    ["Abcé123", /printable ASCII/],
    ["A".repeat(129), /longer than 128/],
  ];
  for (const [value, rule] of cases) assert.match(refused("vpn-psk", "psk", value).message, rule, JSON.stringify(value));
});

test("admin passwords follow Azure's Linux VM rules: 6-72 characters, 3 of 4 classes, not a disallowed value", () => {
  for (const v of ["Aa1-xyz", "aa1-xyz", "AAbb11", `Aa1-${"x".repeat(68)}`]) assert.doesNotThrow(() => checkSecretValue("pw", "adminPassword", v), v);
  assert.match(refused("pw", "adminPassword", "Aa1-x").message, /6-72/);
  assert.match(refused("pw", "adminPassword", `Aa1-${"x".repeat(69)}`).message, /6-72/);
  assert.match(refused("pw", "adminPassword", "alllowercase").message, /3 of/);
  assert.match(refused("pw", "adminPassword", "Aa1-x\nyz").message, /control character/);
  assert.match(refused("pw", "adminPassword", "P@ssw0rd").message, /disallows/);
});
