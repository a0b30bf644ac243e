// The package azd uploads, built the way the platform builds it (remote
// build): the tracked files .funcignore lets through are copied into a fresh
// folder, node_modules is linked in (the platform installs the same
// lockfile), `npm run build` compiles them, and the compiled app — plain
// Node, no tsx — loads with the app settings infra gives it and registers
// every function. A file the app needs but .funcignore leaves out, a module
// that only resolves under tsx, or a setting infra forgets, fails here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ignore from "ignore";
import { ACTIVITY, ORCHESTRATION } from "../../shared/names.js";
import { parseBicep, objectEntries, stringLiteral } from "./bicep-reader.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const run = (cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) => spawnSync(cmd, args, { cwd, env, encoding: "utf8" });

/** The app settings infra sets, with stand-in values where infra computes them. */
function infraSettings(): Record<string, string> {
  const bicep = parseBicep(readFileSync(join(root, "infra/modules/function-app.bicep"), "utf8"));
  const config = bicep.declarations.find((d) => d.type.startsWith("Microsoft.Web/sites/config@"))!;
  const standIn: Record<string, string> = {
    AZURE_SUBSCRIPTION_ID: "00000000-0000-4000-8000-000000000001",
    AzureWebJobsStorage__accountName: "stbowtietest",
    BOWTIE_HEALTH_SCHEDULE: "0 */5 * * * *",
    BOWTIE_MAX_REMEDIATIONS_PER_HOUR: "3",
  };
  return Object.fromEntries([...objectEntries(config.body.get("properties")!)].map(([k, raw]) => [k, stringLiteral(raw) ?? standIn[k] ?? "00000000-0000-4000-8000-0000000000aa"]));
}

test("the deployed package builds remotely and loads under plain Node with infra's settings, registering every function", () => {
  const tracked = run("git", ["ls-files", "-z"], root).stdout.split("\0").filter(Boolean);
  assert.ok(tracked.length > 100, "git lists the repository's files");
  const funcignore = ignore().add(readFileSync(join(root, ".funcignore"), "utf8"));
  const shipped = tracked.filter((f) => !funcignore.ignores(f));
  for (const f of shipped) assert.doesNotMatch(f, /^(test|bench|examples|infra)\/|local\.settings|\.md$/, `${f} should not be deployed`);

  const pkg = mkdtempSync(join(tmpdir(), "bowtie-package-"));
  try {
    for (const f of shipped) {
      mkdirSync(dirname(join(pkg, f)), { recursive: true });
      cpSync(join(root, f), join(pkg, f));
    }
    symlinkSync(join(root, "node_modules"), join(pkg, "node_modules"), "dir");
    const build = run("npm", ["run", "build"], pkg);
    assert.equal(build.status, 0, `npm run build in the package:\n${build.stdout}\n${build.stderr}`);
    assert.ok(existsSync(join(pkg, JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")).main)), "package.json main was built");

    const probe = `
      const { captureRegistrations } = await import(${JSON.stringify(pathToFileURL(join(pkg, "dist/emulator/durable/registrations.js")).href)});
      const fns = await captureRegistrations(() => import(${JSON.stringify(pathToFileURL(join(pkg, "dist/functions/index.js")).href)}));
      const { getOpenApi } = await import(${JSON.stringify(pathToFileURL(join(pkg, "dist/functions/http/openapi.js")).href)});
      console.log(JSON.stringify({ functions: fns.map((f) => [f.name, f.triggerType]), openapi: Object.keys(getOpenApi().jsonBody.paths).length }));`;
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...infraSettings() };
    const loaded = run(process.execPath, ["--input-type=module", "-e", probe], pkg, env);
    assert.equal(loaded.status, 0, loaded.stderr);
    assert.doesNotMatch(loaded.stderr, /DeprecationWarning/, "the app uses nothing deprecated on this Node.js (CI runs every supported one)");
    const out = JSON.parse(loaded.stdout.trim().split("\n").pop()!) as { functions: Array<[string, string]>; openapi: number };
    const names = new Map(out.functions);
    for (const name of [...Object.values(ORCHESTRATION), ...Object.values(ACTIVITY)]) assert.ok(names.has(name), `${name} registered`);
    assert.equal(names.get("healthCheck"), "timerTrigger");
    assert.equal(names.get("onResourceEvent"), "eventGridTrigger");
    for (const http of ["startDeployment", "getDeployment", "teardownDeployment", "getHealth", "dryRunPlan", "getOpenApi", "getFleet", "uiPage", "uiAsset", "uiFleet", "uiDeployment", "uiWhatIf"]) assert.equal(names.get(http), "httpTrigger", http);
    assert.ok(out.openapi >= 5, "the OpenAPI document shipped and is served");
  } finally {
    rmSync(pkg, { recursive: true, force: true });
  }
});
