// bowtie deploy: the deployTopology orchestration through the local durable
// driver. By default everything is local: the embedded Azure emulator (the
// spec's Key Vault seeded with a fresh random PSK) and an in-process Azurite
// for the registry. --target azure runs the same orchestration against the
// subscription in AZURE_SUBSCRIPTION_ID with DefaultAzureCredential.
import { readProvisioningState } from "../../activities/read-provisioning-state.js";
import type { DeployInput, DeployResult } from "../../orchestrations/deploy/deploy-topology.js";
import { runDisruption } from "../format/run-disruption.js";
import { startLocalStack } from "../../emulator/local-stack.js";
import { DEFAULT_SUBSCRIPTION } from "../../emulator/index.js";
import { subscriptionViolations } from "../../shared/spec/rules/subscription.js";
import { instanceId, ORCHESTRATION } from "../../shared/names.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import { deployReport, deploySummary } from "../format/deploy-result.js";
import type { CliIo } from "../io.js";
import { loadSpec, printViolations } from "../load-spec.js";

export interface DeployOptions {
  target?: string;
  json?: boolean;
  /** Keep the emulator's resources and secrets here (for `bowtie health` later). */
  state?: string;
  /** Carry out a change even if some prefix loses every path meanwhile (a 1-NVA replacement). */
  allowOutage?: boolean;
}

export async function deployCommand(file: string, opts: DeployOptions, io: CliIo): Promise<number> {
  const loaded = loadSpec(file);
  printViolations(file, loaded, io.err);
  if (!loaded.ok) return 1;
  const target = opts.target ?? "emulator";
  // The subscription the target writes into: the emulator's, or Azure's from configuration.
  const elsewhere = subscriptionViolations(loaded.spec, [target === "azure" ? (process.env.AZURE_SUBSCRIPTION_ID ?? "") : DEFAULT_SUBSCRIPTION]);
  if (elsewhere.length && (target === "emulator" || process.env.AZURE_SUBSCRIPTION_ID)) {
    printViolations(file, { ok: false, violations: elsewhere, warnings: [] }, io.err);
    return 1;
  }
  if (target === "azure") {
    io.err("--target azure runs the Functions app against your subscription: deploy the app (README, 'Deploying to Azure') and POST the spec to /api/deployments, or run `func start` with BOWTIE_TARGET=azure.");
    return 2;
  }
  if (target !== "emulator") {
    io.err(`--target must be emulator or azure (got ${target})`);
    return 2;
  }
  const spec = loaded.spec;
  const stack = await startLocalStack({ stateDir: opts.state });
  try {
    await stack.seedSecrets(spec);
    if (opts.state) {
      // The disruption's baseline: the network as restored, observed before the
      // run (the timeline stamps what it sees when something reads the network,
      // and a replaced sole NVA may be gone before anything does), and the run
      // a second later so the baseline lies strictly before its window.
      stack.emulator.timeline(spec.resourceGroup);
      stack.clock.advanceBy(1000);
    }
    const started = stack.clock.now();
    let lastPhase = "";
    stack.host.onEvent((e) => {
      if (e.type !== "status" || !e.customStatus) return;
      const s = e.customStatus as { phase: string; byPhase?: Record<string, number>; total?: number; provisioning?: Array<{ name: string; seconds: number }> };
      const line = `[${Math.round((stack.clock.now() - started) / 1000).toString().padStart(5)}s] ${s.phase}: ${s.byPhase?.succeeded ?? 0}/${s.total ?? "?"} done${s.provisioning?.length ? `, waiting on ${s.provisioning.map((p) => p.name).join(", ")}` : ""}`;
      if (line !== lastPhase) io.err(line);
      lastPhase = line;
    });
    const id = stack.host.start(ORCHESTRATION.deployTopology, { instanceId: instanceId.deploy(spec.name), input: { spec, ...(opts.allowOutage ? { allowOutage: true } : {}) } satisfies DeployInput });
    const status = await stack.host.waitForCompletion(id);
    if (status.runtimeStatus !== "Completed") {
      io.err(`the orchestration ${status.runtimeStatus}: ${String(status.output)}`);
      return 1;
    }
    const result = status.output as DeployResult;
    const resources = [];
    for (const r of planFromSpec(spec).resources) {
      const read = await readProvisioningState({ id: r.id, type: r.type, apiVersion: r.apiVersion });
      resources.push({ id: r.id.replace("{{subscriptionId}}", stack.emulator.subscriptionId), provisioningState: read.provisioningState });
    }
    // What the change meant to delete (a removed NVA's connection and peering): its sessions going is no degradation.
    const retiring = (result.changes ?? []).filter((c) => c.action === "delete").map((c) => c.id);
    const disruption = runDisruption(stack.emulator.timeline(spec.resourceGroup), result.startedAt, result.finishedAt, retiring);
    const report = deployReport(result, resources, Object.fromEntries(stack.emulator.counters), Math.round((stack.clock.now() - started) / 1000), disruption);
    io.out(opts.json ? JSON.stringify(report, null, 2) : deploySummary(result, report));
    // --json prints no failures: say why on stderr (a refused change names the prefixes it would cut off and how to allow it).
    if (opts.json) for (const f of result.failures) io.err(`FAILED ${f.id}: ${f.error.code}: ${f.error.message}`);
    return result.status === "Succeeded" ? 0 : 1;
  } finally {
    await stack.close();
  }
}
