// bowtie health: the health check of a deployment kept in an emulator state
// folder (`bowtie deploy --state DIR`): drift against the plan, NVA power,
// BGP sessions and routes. Exit 0 when healthy, 1 otherwise.
import { expectChecked, type CheckHealthResult } from "../../orchestrations/health/check-health.js";
import { startLocalStack } from "../../emulator/local-stack.js";
import { ORCHESTRATION } from "../../shared/names.js";
import { healthReportLines } from "../format/health-report.js";
import type { CliIo } from "../io.js";
import { loadSpec, printViolations } from "../load-spec.js";
import { requireStateDir } from "../state-dir.js";

export async function healthCommand(file: string, opts: { state?: string; json?: boolean }, io: CliIo): Promise<number> {
  const loaded = loadSpec(file);
  printViolations(file, loaded, io.err);
  if (!loaded.ok) return 1;
  const state = requireStateDir(opts.state, io);
  if (!state) return 2;
  const stack = await startLocalStack({ stateDir: state });
  const clockStart = stack.clock.now();
  try {
    await stack.seedSecrets(loaded.spec);
    const id = stack.host.start(ORCHESTRATION.checkHealth, { input: { spec: loaded.spec, remediate: false } });
    const result = (await stack.host.waitForCompletion(id)).output as CheckHealthResult;
    if (result.outcome === "changing") {
      // Not judged while a change or rotation runs (or stopped half-way): say so, and it is not healthy.
      if (opts.json) io.out(JSON.stringify({ deployment: result.deployment, status: "changing", reason: result.reason, findings: [] }, null, 2));
      else io.out(`${result.deployment}: changing (${result.reason}); not checked until the change ends`);
      return 1;
    }
    const { report } = expectChecked(result);
    if (opts.json) io.out(JSON.stringify(report, null, 2));
    else for (const line of healthReportLines(report, clockStart)) io.out(line);
    return report.status === "healthy" ? 0 : 1;
  } finally {
    await stack.close();
  }
}
