// bowtie demo: the reference lab on the embedded emulator, kept healthy.
// Deploys it, shows its health, then makes each out-of-band change in turn —
// twice: once reported by its Azure Resource Manager event, once left for the
// health timer to find — and shows the detection, the remediation and the
// return to healthy, in simulated time.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import functions from "@azure/functions";
import { BOWTIE_PRINCIPAL } from "../../emulator/identity.js";
import { startLocalStack, type LocalStack } from "../../emulator/local-stack.js";
import { onResourceEvent } from "../../functions/events/on-resource-event.js";
import { runHealthChecks } from "../../functions/timer/health-timer.js";
import { expectChecked, type CheckedHealth } from "../../orchestrations/health/check-health.js";
import { instanceId, ORCHESTRATION } from "../../shared/names.js";
import { validateSpec } from "../../shared/spec/validate.js";
import type { TopologySpec } from "../../shared/spec/schema.js";
import { demoFaults } from "../demo/faults.js";
import { packageRoot } from "../package-root.js";
import { textTable } from "../format/table.js";
import type { CliIo } from "../io.js";

const HEALTH_INTERVAL_MS = 5 * 60_000; // the timer's default schedule, every 5 minutes

export interface DemoRow {
  fault: string;
  detectedBy: "event" | "timer";
  detectedAfterSeconds: number;
  remediatedAfterSeconds: number;
  finalStatus: string;
}

async function health(stack: LocalStack, spec: TopologySpec): Promise<CheckedHealth> {
  return expectChecked((await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.checkHealth, { input: { spec, remediate: false } }))).output as never);
}

export async function demoCommand(opts: { json?: boolean }, io: CliIo): Promise<number> {
  const r = validateSpec(JSON.parse(readFileSync(join(packageRoot(), "examples", "seed-lab.json"), "utf8")));
  if (!r.ok) throw new Error("the seed lab example is invalid");
  const spec = r.spec;
  const say = (line: string) => (opts.json ? io.err(line) : io.out(line));
  // The demo remediates a dozen times in a few simulated hours; the breaker is set for that.
  const stack = await startLocalStack({ maxRemediationsPerHour: 50 });
  const context = new functions.InvocationContext({ functionName: "demo", logHandler: () => undefined });
  const self = { oids: [BOWTIE_PRINCIPAL.oid], appids: [BOWTIE_PRINCIPAL.appid!] };
  try {
    await stack.seedSecrets(spec);
    const deployed = (await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.deployTopology, { instanceId: instanceId.deploy(spec.name), input: { spec } }))).output as { status: string };
    say(`Deployed ${spec.name}: ${deployed.status}. Health: ${(await health(stack, spec)).report.status}.`);
    const rows: DemoRow[] = [];
    for (const fault of demoFaults(spec, stack.emulator)) {
      for (const path of ["event", "timer"] as const) {
        const injectedAt = stack.clock.now();
        const before = stack.emulator.events.log.length;
        fault.inject(stack.emulator);
        let detectedAt: number;
        if (path === "event") {
          await onResourceEvent(stack.emulator.events.log.slice(before), stack.client, context, { registry: stack.registry, self, subscriptions: [stack.emulator.subscriptionId] });
          detectedAt = stack.clock.now();
          await stack.host.waitForCompletion(instanceId.remediate(spec.name));
        } else {
          stack.clock.advanceTo(Math.ceil((stack.clock.now() + 1) / HEALTH_INTERVAL_MS) * HEALTH_INTERVAL_MS);
          await runHealthChecks(stack.client, context);
          const result = expectChecked((await stack.host.waitForCompletion(instanceId.health(spec.name))).output as never);
          detectedAt = Date.parse(result.report.checkedAt);
          if (result.report.status === "healthy") throw new Error(`the health check did not notice "${fault.name}"`);
        }
        const final = await health(stack, spec);
        const row: DemoRow = {
          fault: fault.name,
          detectedBy: path,
          detectedAfterSeconds: Math.round((detectedAt - injectedAt) / 1000),
          remediatedAfterSeconds: Math.round((stack.clock.now() - injectedAt) / 1000),
          finalStatus: final.report.status,
        };
        rows.push(row);
        say(`${fault.name} [${path}]: detected after ${row.detectedAfterSeconds}s, healthy again after ${row.remediatedAfterSeconds}s (${row.finalStatus})`);
      }
    }
    if (opts.json) io.out(JSON.stringify(rows, null, 2));
    else {
      io.out("");
      io.out(textTable(["Fault", "Detected by", "Detected after (s)", "Remediated after (s)", "Final"], rows.map((x) => [x.fault, x.detectedBy, x.detectedAfterSeconds, x.remediatedAfterSeconds, x.finalStatus])));
    }
    return rows.every((x) => x.finalStatus === "healthy") ? 0 : 1;
  } finally {
    await stack.close();
  }
}
