// Resource Graph's real SDK client pointed at an emulator (no retries, so a 429 reaches the test).
import { ResourceGraphClient } from "@azure/arm-resourcegraph";
import type { Emulator } from "../../emulator/index.js";

export function graphClient(emulator: Emulator): ResourceGraphClient {
  return new ResourceGraphClient(emulator.credential, { endpoint: emulator.endpoint, tlsOptions: { ca: emulator.caCertPem }, retryOptions: { maxRetries: 0 } });
}
