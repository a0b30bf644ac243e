// Instance ids live in namespaces no deployment name can reach: every
// per-deployment id is "<purpose>:<name>" and a name never holds ':', so no
// two (purpose, name) pairs share an id, and none is the health pass's.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { instanceId, OPERATION_KINDS } from "../../shared/names.js";
import { deploymentName } from "../../shared/spec/naming.js";

const perDeployment = (name: string): Array<[string, string]> => [
  ...OPERATION_KINDS.map((k): [string, string] => [k, instanceId.operation(k, name)]),
  ["health", instanceId.health(name)],
  ["alert", instanceId.alertCheck(name)],
];
const validName = fc.stringMatching(/^[a-z][a-z0-9-]{1,38}[a-z0-9]$/);

test("names shaped like the old internal ids no longer collide: fleet's health check is not the health pass", () => {
  assert.notEqual(instanceId.health("fleet"), instanceId.healthFleet);
  assert.notEqual(instanceId.deploy("health-fleet"), instanceId.healthFleet);
  for (const name of ["fleet", "health-fleet", "fleet-health", "deploy-x", "remediate-x", "teardown-x"]) {
    assert.ok(deploymentName.safeParse(name).success, `${name} is a valid deployment name`);
    assert.ok(perDeployment(name).every(([, id]) => id !== instanceId.healthFleet), name);
  }
});

test("any two (purpose, deployment) pairs have different ids, none is the health pass's, and each is a valid durable instance id", () => {
  fc.assert(
    fc.property(validName, validName, (a, b) => {
      const ids = new Map<string, string>();
      for (const name of a === b ? [a] : [a, b]) {
        for (const [purpose, id] of perDeployment(name)) {
          assert.equal(ids.get(id), undefined, `${id} is both ${ids.get(id)} and ${purpose}/${name}`);
          ids.set(id, `${purpose}/${name}`);
          assert.notEqual(id, instanceId.healthFleet);
          assert.doesNotMatch(id, /[/\\#?\u0000-\u001f\u007f]/, "durable ids forbid / \\ # ? and control characters");
        }
      }
    }),
  );
});

test("the separator is one the deployment-name rule cannot contain", () => {
  assert.equal(deploymentName.safeParse("fleet:health").success, false);
  assert.equal(deploymentName.safeParse(instanceId.deploy("lab")).success, false);
});
