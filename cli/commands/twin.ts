// bowtie twin: the planned topology brought up with real IKEv2 (strongSwan)
// and BGP (FRR) in network namespaces on this machine, then torn down
// (twin/). Linux and root only; anywhere else it says why and exits 2. Each
// Key Vault secret the plan names gets a fresh random value for the run (the
// same on both sides), never printed. Exit 0 when every tunnel and session
// came up and every planned prefix was learned.
import { randomBytes } from "node:crypto";
import { planFromSpec } from "../../shared/plan/plan.js";
import { twinUnavailable } from "../../twin/host.js";
import { runTwin } from "../../twin/run-twin.js";
import { sessionTables } from "../format/deploy-result.js";
import type { CliIo } from "../io.js";
import { loadSpec, printViolations } from "../load-spec.js";

export async function twinCommand(file: string, opts: { json?: boolean; keep?: boolean; timeout?: string }, io: CliIo): Promise<number> {
  const loaded = loadSpec(file);
  printViolations(file, loaded, io.err);
  if (!loaded.ok) return 1;
  const why = twinUnavailable();
  if (why) {
    io.err(`bowtie twin: ${why}`);
    return 2;
  }
  const secrets = new Map<string, string>();
  const pskOf = (name: string) => secrets.get(name) ?? secrets.set(name, randomBytes(24).toString("base64url")).get(name)!;
  const result = await runTwin(planFromSpec(loaded.spec), pskOf, {
    keep: opts.keep,
    timeoutSeconds: opts.timeout ? Number(opts.timeout) : undefined,
    onProgress: opts.json ? undefined : (line) => io.err(line),
  });
  if (opts.json) io.out(JSON.stringify(result, null, 2));
  else {
    io.out(`Twin of ${result.deployment}: ${result.status} (${result.upSeconds.toFixed(1)} s to bring up)`);
    io.out("");
    for (const line of sessionTables(result.sessions)) io.out(line);
    for (const p of result.problems) io.out(`DOWN ${p.session}: ${p.state}. Likely cause: ${p.likelyCause}`);
    for (const m of result.missingRoutes) io.out(`MISSING ROUTE ${m.prefix} at ${m.where}`);
    for (const p of result.configurationProblems) io.out(`NOT CARRIED OVER ${p}`);
    io.out("");
    io.out("IOS lines the twin does not express:");
    for (const [nva, lines] of Object.entries(result.notExpressed)) for (const l of lines) io.out(`  ${nva}: ${l.line}${l.count > 1 ? ` (x${l.count})` : ""}: ${l.why}`);
    io.out("What the twin cannot catch:");
    for (const b of result.blindSpots) io.out(`  ${b}`);
    if (result.workDir) io.out(`Logs and configurations kept in ${result.workDir}`);
  }
  return result.status === "Succeeded" ? 0 : 1;
}
