// bowtie dashboard: the operations page and its API served locally over the
// deployments an emulator state folder holds (`bowtie deploy --state DIR`),
// with the emulated network kept moving (a health pass every tick, remediation
// included) until Ctrl-C. The same page, handlers and drawing as the Function
// App's /api/ui. Loopback only.
import { existsSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { openLab } from "../dashboard/open-lab.js";
import { startNetworkPulse } from "../dashboard/network-pulse.js";
import { dashboardRoutes } from "../dashboard/routes.js";
import { startDashboardServer } from "../dashboard/server.js";
import type { CliIo } from "../io.js";
import { requireStateDir } from "../state-dir.js";

export interface DashboardOptions {
  state?: string;
  port?: string;
  /** Real seconds between health passes (and page refreshes' worth of news). */
  interval?: string;
  /** Simulated seconds per real second. */
  timeScale?: string;
}

export async function dashboardCommand(opts: DashboardOptions, io: CliIo, untilStopped: () => Promise<void>): Promise<number> {
  const state = requireStateDir(opts.state, io);
  if (!state) return 2;
  const port = opts.port === undefined ? 0 : Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.err(`--port must be a port number from 0 to 65535 (got ${opts.port})`);
    return 2;
  }
  const interval = Number(opts.interval ?? "5");
  if (!(interval >= 1 && interval <= 3600)) {
    io.err(`--interval must be a number of seconds from 1 to 3600 (got ${opts.interval})`);
    return 2;
  }
  const scale = Number(opts.timeScale ?? "12");
  if (!(scale > 0 && scale <= 3600)) {
    io.err(`--time-scale must be a positive number of simulated seconds per second, at most 3600 (got ${opts.timeScale})`);
    return 2;
  }
  const dir = resolve(state);
  if (!existsSync(dir)) {
    io.err(`--state ${state}: no such folder (run \`bowtie deploy <spec> --state ${state}\` first)`);
    return 2;
  }

  const { stack, records } = await openLab(dir);
  try {
    const server = await startDashboardServer(dashboardRoutes(stack), port);
    const caFile = join(dir, "emulator-ca.pem");
    writeFileSync(caFile, stack.emulator.caCertPem);
    io.out(`Bowtie dashboard: ${server.url}/api/ui`);
    io.out(`  ${records.length} deployment(s) from ${dir}: ${records.map((r) => r.name).join(", ") || "none yet"}`);
    io.out(`  health pass every ${interval} s (x${scale} simulated time); Ctrl-C stops`);
    io.out(`  emulator control (faults, out-of-band changes): ${stack.emulator.endpoint}/_bowtie/  (CA: ${caFile})`);
    const pulse = startNetworkPulse(stack, {
      intervalMs: interval * 1000,
      simulatedMsPerTick: interval * scale * 1000,
      onError: (e) => io.err(`health pass: ${String(e instanceof Error ? e.message : e).split("\n")[0]}`),
    });
    await untilStopped();
    await pulse.stop();
    await server.close();
    return 0;
  } finally {
    await stack.close();
  }
}
