// Azure Monitor's real MetricsClient pointed at an emulator (no retries, so a 529 reaches the test).
import { MetricsClient } from "@azure/monitor-query-metrics";
import type { Emulator } from "../../emulator/index.js";

export function metricsClient(emulator: Emulator): MetricsClient {
  return new MetricsClient(emulator.metrics.endpoint, emulator.credential, { tlsOptions: { ca: emulator.caCertPem }, retryOptions: { maxRetries: 0 } });
}
