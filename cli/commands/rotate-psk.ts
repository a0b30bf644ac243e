// bowtie rotate-psk: a new PSK for a deployment kept in an emulator state
// folder (`bowtie deploy --state DIR`), rolled one NVA at a time by the
// rotatePsk orchestration through the local durable driver. The registry is
// kept in the same folder (emulator/local-stack.ts), so which version each
// NVA holds, and an unfinished rotation, carry over from run to run.
import { startLocalStack } from "../../emulator/local-stack.js";
import type { RotatePskInput, RotatePskResult } from "../../orchestrations/rotate/rotate-psk.js";
import { instanceId, ORCHESTRATION } from "../../shared/names.js";
import { rotationReport, rotationSummary } from "../format/rotation-result.js";
import { runDisruption } from "../format/run-disruption.js";
import type { CliIo } from "../io.js";
import { loadSpec, printViolations } from "../load-spec.js";
import { requireStateDir } from "../state-dir.js";

export async function rotatePskCommand(file: string, opts: { state?: string; json?: boolean; allowOutage?: boolean }, io: CliIo): Promise<number> {
  const loaded = loadSpec(file);
  printViolations(file, loaded, io.err);
  if (!loaded.ok) return 1;
  const state = requireStateDir(opts.state, io);
  if (!state) return 2;
  const spec = loaded.spec;
  const stack = await startLocalStack({ stateDir: state });
  try {
    const group = `/resourcegroups/${spec.resourceGroup.toLowerCase()}/`;
    if (!stack.emulator.storeIds().some((id) => id.toLowerCase().includes(group))) {
      io.err(`nothing of ${spec.name} is deployed in ${state} (resource group ${spec.resourceGroup} is empty): run bowtie deploy ${file} --state ${state} first`);
      return 1;
    }
    await stack.seedSecrets(spec); // maps the spec's vault to the emulator's; the secrets exist since the deploy
    // Look at the restored network once before the run, so the timeline has it (the disruption's baseline) from this instant.
    stack.emulator.timeline(spec.resourceGroup);
    const started = stack.clock.now();
    let last = "";
    stack.host.onEvent((e) => {
      if (e.type !== "status" || !e.customStatus) return;
      const s = e.customStatus as { phase?: string };
      const line = `[${Math.round((stack.clock.now() - started) / 1000).toString().padStart(5)}s] ${s.phase ?? ""}`;
      if (line !== last) io.err(line);
      last = line;
    });
    const id = stack.host.start(ORCHESTRATION.rotatePsk, { instanceId: instanceId.rotate(spec.name), input: { spec, ...(opts.allowOutage ? { allowOutage: true } : {}) } satisfies RotatePskInput });
    const status = await stack.host.waitForCompletion(id);
    if (status.runtimeStatus !== "Completed") {
      io.err(`the orchestration ${status.runtimeStatus}: ${String(status.output)}`);
      return 1;
    }
    const result = status.output as RotatePskResult;
    // Judged against the network as restored at the start (run-disruption.ts).
    const disruption = runDisruption(stack.emulator.timeline(spec.resourceGroup), new Date(started).toISOString(), new Date(stack.clock.now()).toISOString());
    const report = rotationReport(result, disruption, Math.round((stack.clock.now() - started) / 1000));
    io.out(opts.json ? JSON.stringify(report, null, 2) : rotationSummary(report));
    return result.status === "Succeeded" ? 0 : 1;
  } finally {
    await stack.close();
  }
}

