// The app settings the Functions app reads, in one place, checked at start-up:
// a missing or malformed setting stops the app with its name, rather than
// failing on the first request.
import { readFileSync } from "node:fs";
import { useAzureTarget } from "../activities/azure-target.js";
import { BOWTIE_PRINCIPAL, staticCredential } from "../emulator/identity.js";
import { createAzureClients, type AzureConfig } from "../shared/azure/clients.js";
import { DeploymentRegistry } from "../shared/storage/deployment-registry.js";
import { HealthReports } from "../shared/storage/health-reports.js";

export interface AppSettings {
  azure: AzureConfig;
  /** Storage for the durable task hub and the deployment registry. */
  storageConnection: string;
  /** Bowtie's own identity: its writes come back as events and must not start a remediation. */
  self: { oids: string[]; appids: string[] };
  /** NCRONTAB schedule of the health timer. */
  healthSchedule: string;
  maxRemediationsPerHour: number;
}

export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Bowtie cannot start; fix these app settings (local.settings.json locally, app settings in Azure):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "SettingsError";
  }
}

type Env = Record<string, string | undefined>;

function vaultMap(text: string | undefined, problems: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (text ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    const [name, url] = pair.split("=");
    if (!name || !url?.startsWith("https://")) problems.push(`BOWTIE_EMULATOR_VAULTS: each entry must be <vault name>=<https url> (got "${pair}")`);
    else out[name.toLowerCase()] = url;
  }
  return out;
}

export function readSettings(env: Env): AppSettings {
  const problems: string[] = [];
  const target = env.BOWTIE_TARGET ?? "azure";
  if (target !== "azure" && target !== "emulator") problems.push(`BOWTIE_TARGET must be "azure" or "emulator" (got "${target}")`);
  const subscriptionId = env.AZURE_SUBSCRIPTION_ID ?? "";
  if (!/^[0-9a-f-]{36}$/i.test(subscriptionId)) problems.push("AZURE_SUBSCRIPTION_ID is required: the subscription Bowtie deploys into (a GUID)");
  const storageConnection = env.AzureWebJobsStorage ?? "";
  if (!storageConnection) problems.push("AzureWebJobsStorage is required: the storage for the task hub and the deployment registry (UseDevelopmentStorage=true with Azurite)");
  let azure: AzureConfig = { target: "azure", subscriptionId };
  if (target === "emulator") {
    const endpoint = env.BOWTIE_EMULATOR_ENDPOINT ?? "";
    if (!endpoint.startsWith("https://")) problems.push("BOWTIE_EMULATOR_ENDPOINT is required with BOWTIE_TARGET=emulator (printed by `npx bowtie emulator`)");
    let caCertPem = "";
    if (!env.BOWTIE_EMULATOR_CA_FILE) problems.push("BOWTIE_EMULATOR_CA_FILE is required with BOWTIE_TARGET=emulator (printed by `npx bowtie emulator`)");
    else {
      try {
        caCertPem = readFileSync(env.BOWTIE_EMULATOR_CA_FILE, "utf8");
      } catch (e) {
        problems.push(`BOWTIE_EMULATOR_CA_FILE cannot be read: ${(e as Error).message}`);
      }
    }
    azure = { target: "emulator", endpoint, caCertPem, subscriptionId, credential: staticCredential(), vaults: vaultMap(env.BOWTIE_EMULATOR_VAULTS, problems) };
  }
  const list = (v: string | undefined) => (v ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const self = target === "emulator"
    ? { oids: [BOWTIE_PRINCIPAL.oid], appids: [BOWTIE_PRINCIPAL.appid!] }
    : { oids: list(env.BOWTIE_PRINCIPAL_OBJECT_ID), appids: list(env.AZURE_CLIENT_ID) };
  if (target === "azure" && self.oids.length + self.appids.length === 0) {
    problems.push("BOWTIE_PRINCIPAL_OBJECT_ID (or AZURE_CLIENT_ID) is required: Bowtie's own identity, so its writes do not trigger remediation");
  }
  const healthSchedule = env.BOWTIE_HEALTH_SCHEDULE ?? "0 */5 * * * *";
  if (healthSchedule.trim().split(/\s+/).length !== 6) problems.push(`BOWTIE_HEALTH_SCHEDULE must be a 6-field NCRONTAB expression (got "${healthSchedule}")`);
  const maxRemediationsPerHour = Number(env.BOWTIE_MAX_REMEDIATIONS_PER_HOUR ?? "3");
  if (!Number.isInteger(maxRemediationsPerHour) || maxRemediationsPerHour < 1) problems.push("BOWTIE_MAX_REMEDIATIONS_PER_HOUR must be a whole number of at least 1");
  if (problems.length) throw new SettingsError(problems);
  return { azure, storageConnection, self, healthSchedule, maxRemediationsPerHour };
}

/** Point the activities at the configured Azure (or emulator) and registry. */
export function configureActivities(settings: AppSettings): void {
  useAzureTarget({
    ...createAzureClients(settings.azure),
    registry: DeploymentRegistry.fromConnectionString(settings.storageConnection),
    health: HealthReports.fromConnectionString(settings.storageConnection),
    maxRemediationsPerHour: settings.maxRemediationsPerHour,
    now: () => new Date(),
  });
}
