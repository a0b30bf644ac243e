// The marks that say where a plan may hold placeholders, and the checks the
// filler runs before it fills anything (issue 10, defect 1): the planner's own
// placeholders are all marked; anything else (a tag, a key, a forged mark, a
// secret glued to other text, a secret on a config line that is not the
// keyring's) is refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { desiredResources } from "../../shared/plan/arm/index.js";
import { placeholdersIn } from "../../shared/plan/placeholders.js";
import { secretUses, slotViolations } from "../../shared/plan/placeholder-slots.js";
import { renderNvaConfigs } from "../../shared/ios/render.js";
import { configPlaceholderViolations } from "../../shared/ios/placeholder-lines.js";
import type { PlannedResource } from "../../shared/plan/types.js";
import { seedTopology, testTopologies } from "../helpers/topologies.js";

const seed = desiredResources(seedTopology());
const named = (name: string) => seed.find((r) => r.name === name)!;

test("every placeholder the planner writes stands at a marked path, and every mark holds one", () => {
  for (const { label, topo } of testTopologies()) {
    for (const r of desiredResources(topo)) {
      assert.deepEqual(slotViolations(r), [], `${label} ${r.name}`);
      assert.equal(Object.keys(r.placeholderSlots ?? {}).length > 0, placeholdersIn(r.body).length > 0, `${label} ${r.name}: marks without placeholders or the reverse`);
    }
    for (const [nva, config] of Object.entries(renderNvaConfigs(topo))) assert.deepEqual(configPlaceholderViolations(config), [], `${label} ${nva}`);
  }
});

test("secrets are marked only at a connection's sharedKey and a VM's adminPassword, with the rule each value must meet", () => {
  const secretMarks = seed.flatMap((r) => Object.entries(r.placeholderSlots ?? {}).filter(([, k]) => k === "secret").map(([p]) => `${r.type} ${p}`));
  assert.deepEqual([...new Set(secretMarks)].sort(), [
    "Microsoft.Compute/virtualMachines $.properties.osProfile.adminPassword",
    "Microsoft.Network/connections $.properties.sharedKey",
  ]);
  assert.deepEqual([...secretUses(named("con-c8k-10"))], [["{{secret:vpn-psk}}", ["psk"]]]);
  assert.deepEqual([...secretUses(named("c8k-10"))], [["{{secret:nva-admin-password}}", ["adminPassword"]]]);
});

const forge = (r: PlannedResource, body: Record<string, unknown>, marks?: Record<string, any>): PlannedResource => ({
  ...r,
  body: { ...r.body, ...body },
  ...(marks ? { placeholderSlots: { ...r.placeholderSlots, ...marks } } : {}),
});

test("a placeholder the planner did not put there is refused, with where and why", () => {
  const pip = named("gw-1-pip");
  const vm = named("c8k-10");
  const con = named("con-c8k-10");
  const cases: Array<[string, PlannedResource, string, RegExp]> = [
    ["a secret in a tag", forge(pip, { tags: { note: "{{secret:vpn-psk}}" } }), "$.tags.note", /marks no placeholder/],
    ["a public IP in a tag", forge(pip, { tags: { note: "{{publicIp:gw-2-pip}}" } }), "$.tags.note", /marks no placeholder/],
    ["a secret in a tag key", forge(pip, { tags: { "{{secret:vpn-psk}}": "x" } }), `$.tags["{{secret:vpn-psk}}"]`, /object key/],
    ["a forged mark on a tag", forge(pip, { tags: { note: "{{secret:vpn-psk}}" } }, { "$.tags.note": "secret" }), "$.tags.note", /only a connection's sharedKey or a VM's adminPassword/],
    ["a forged mark moving customData", forge(pip, { tags: { note: "{{customData:c8k-10}}" } }, { "$.tags.note": "customData" }), "$.tags.note", /only a VM's osProfile.customData/],
    ["a secret where a public IP is marked", forge(named("lng-c8k-10"), { properties: { ...(named("lng-c8k-10").body.properties as object), gatewayIpAddress: "{{secret:vpn-psk}}" } }), "$.properties.gatewayIpAddress", /marks a publicIp placeholder here, not a secret/],
    ["a secret glued to text in sharedKey", forge(con, { properties: { ...(con.body.properties as object), sharedKey: "x{{secret:vpn-psk}}" } }), "$.properties.sharedKey", /whole value/],
    ["an unmarked resource (no placeholderSlots)", { ...vm, placeholderSlots: undefined }, "$.properties.osProfile.customData", /marks no placeholder/],
  ];
  for (const [what, r, path, rule] of cases) {
    const v = slotViolations(r);
    assert.ok(v.some((x) => x.path === path && rule.test(x.rule)), `${what}: ${JSON.stringify(v)}`);
  }
});

test("in the day-0 config a secret is only the key of a `pre-shared-key 0` line", () => {
  const config = renderNvaConfigs(seedTopology())["c8k-10"]!;
  // Line 1 is "Section: IOS configuration", line 2 the hostname: the forged line is line 3.
  const forged = (line: string) => config.replace("hostname c8k-10", `hostname c8k-10\n${line}`);
  const cases: Array<[string, RegExp]> = [
    ["username pwned privilege 15 secret 0 {{secret:nva-admin-password}}", /only the key of a keyring `pre-shared-key 0` line/],
    [" description {{secret:vpn-psk}}", /only the key/],
    ["  pre-shared-key {{secret:vpn-psk}}", /only the key/],
    ["  pre-shared-key 0 {{secret:vpn-psk}} {{secret:nva-admin-password}}", /at most one placeholder/],
    ["  pre-shared-key 0 {{customData:c8k-10}}", /never stands in the day-0 config/],
    [" description {{publicIp:gw-1-pip}}", /a public IP stands only after/],
  ];
  for (const [line, rule] of cases) {
    const v = configPlaceholderViolations(forged(line));
    assert.ok(v.length > 0 && v.every((x) => x.line === 3) && v.some((x) => rule.test(x.rule)), `${line}: ${JSON.stringify(v)}`);
  }
});

test("the plan stays printable and deterministic: marks are plain JSON, equal across runs", () => {
  const again = desiredResources(seedTopology());
  assert.equal(JSON.stringify(again), JSON.stringify(seed));
  assert.deepEqual(JSON.parse(JSON.stringify(seed)), seed);
});
