#!/usr/bin/env node
// The `bowtie` command. Runs the compiled CLI from dist/ (built by `npm ci`
// through the package's prepare script) when every source file the CLI can
// load is compiled and no newer than its output; otherwise the TypeScript
// sources through tsx, so a clone that was edited since its last build never
// runs stale code (it only starts slower).
import { existsSync, readdirSync, statSync } from "node:fs";
import module from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

// Node 22.1+: keep V8's compiled code between runs (a no-op where absent).
module.enableCompileCache?.();

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const SOURCE_DIRS = ["cli", "shared", "emulator", "twin", "activities", "orchestrations", "functions"];

function compiledIsCurrent() {
  for (const dir of SOURCE_DIRS) {
    for (const file of readdirSync(join(root, dir), { recursive: true })) {
      const rel = join(dir, String(file));
      if (!rel.endsWith(".ts") || rel.endsWith(".d.ts")) continue;
      const out = join(root, "dist", rel.replace(/\.ts$/, ".js"));
      if (!existsSync(out) || statSync(out).mtimeMs < statSync(join(root, rel)).mtimeMs) return false;
    }
  }
  return true;
}

if (compiledIsCurrent()) {
  await import(pathToFileURL(join(root, "dist/cli/main.js")).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../cli/main.ts");
}
