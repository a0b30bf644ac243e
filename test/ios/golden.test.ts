// The seed lab's configurations, line for line. A change to the renderer
// shows up here as a diff to read; UPDATE_GOLDEN=1 rewrites the files.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { renderNvaConfigs } from "../../shared/ios/render.js";
import { seedTopology } from "../helpers/topologies.js";

for (const [nva, config] of Object.entries(renderNvaConfigs(seedTopology()))) {
  test(`golden: ${nva}.ios`, () => {
    const file = new URL(`./golden/${nva}.ios`, import.meta.url);
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(file, config);
    assert.equal(config, readFileSync(file, "utf8"), `rendered ${nva} differs from test/ios/golden/${nva}.ios (UPDATE_GOLDEN=1 to accept)`);
  });
}
