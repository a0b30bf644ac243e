// The app settings the Functions app reads, in one place, checked at start-up:
// a missing or malformed setting stops the app with its name, rather than
// failing on the first request.
import { readFileSync } from "node:fs";
import { useAzureTarget, type AzureTarget } from "../activities/azure-target.js";
import { BOWTIE_PRINCIPAL, staticCredential } from "../emulator/identity.js";
import { createAzureClients, type AzureConfig } from "../shared/azure/clients.js";
import { DeploymentRegistry } from "../shared/storage/deployment-registry.js";
import { HealthReports } from "../shared/storage/health-reports.js";
import { OperationHistory } from "../shared/storage/operation-history.js";
import { tableServiceUriOf, type StorageConnection } from "../shared/storage/table-client.js";
import type { SettingName } from "./app-settings.js";
import type { SignInContext } from "./http/ui/sign-in-gate.js";

export interface AppSettings {
  azure: AzureConfig;
  /** The host's storage, where the registry and health reports live too. */
  storage: StorageConnection;
  /** Bowtie's own identity: its writes come back as events and must not start a remediation. */
  self: { oids: string[]; appids: string[] };
  /** NCRONTAB schedule of the health timer. */
  healthSchedule: string;
  maxRemediationsPerHour: number;
  /** What stands in front of the operations page: App Service, and whether its authentication is on. */
  ui: SignInContext;
}

export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Bowtie cannot start; fix these app settings (local.settings.json locally, app settings in Azure):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "SettingsError";
  }
}

type Env = Record<string, string | undefined>;

/** Reads only declared settings (functions/app-settings.ts); an empty value counts as unset. */
const reader = (env: Env) => (name: SettingName): string | undefined => env[name] || undefined;

function storageOf(setting: ReturnType<typeof reader>, problems: string[]): StorageConnection {
  const connectionString = setting("AzureWebJobsStorage");
  if (connectionString) return { kind: "connectionString", connectionString };
  const accountName = setting("AzureWebJobsStorage__accountName");
  if (!accountName) {
    problems.push("AzureWebJobsStorage is required: a connection string (UseDevelopmentStorage=true with Azurite), or AzureWebJobsStorage__accountName for the identity-based connection in Azure");
    return { kind: "connectionString", connectionString: "" };
  }
  const credential = setting("AzureWebJobsStorage__credential");
  if (credential && credential.toLowerCase() !== "managedidentity") problems.push(`AzureWebJobsStorage__credential must be "managedidentity" (got "${credential}")`);
  const clientId = setting("AzureWebJobsStorage__clientId");
  return { kind: "identity", tableServiceUri: tableServiceUriOf(accountName), ...(clientId ? { clientId } : {}) };
}

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
  const setting = reader(env);
  const target = setting("BOWTIE_TARGET") ?? "azure";
  if (target !== "azure" && target !== "emulator") problems.push(`BOWTIE_TARGET must be "azure" or "emulator" (got "${target}")`);
  const subscriptionId = setting("AZURE_SUBSCRIPTION_ID") ?? "";
  if (!/^[0-9a-f-]{36}$/i.test(subscriptionId)) problems.push("AZURE_SUBSCRIPTION_ID is required: the subscription Bowtie deploys into (a GUID)");
  const storage = storageOf(setting, problems);
  let azure: AzureConfig = { target: "azure", subscriptionId };
  if (target === "emulator") {
    const endpoint = setting("BOWTIE_EMULATOR_ENDPOINT") ?? "";
    if (!endpoint.startsWith("https://")) problems.push("BOWTIE_EMULATOR_ENDPOINT is required with BOWTIE_TARGET=emulator (printed by `npx bowtie emulator`)");
    let caCertPem = "";
    const caFile = setting("BOWTIE_EMULATOR_CA_FILE");
    if (!caFile) problems.push("BOWTIE_EMULATOR_CA_FILE is required with BOWTIE_TARGET=emulator (printed by `npx bowtie emulator`)");
    else {
      try {
        caCertPem = readFileSync(caFile, "utf8");
      } catch (e) {
        problems.push(`BOWTIE_EMULATOR_CA_FILE cannot be read: ${(e as Error).message}`);
      }
    }
    azure = { target: "emulator", endpoint, caCertPem, subscriptionId, credential: staticCredential(), vaults: vaultMap(setting("BOWTIE_EMULATOR_VAULTS"), problems) };
  }
  const list = (v: string | undefined) => (v ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const self = target === "emulator"
    ? { oids: [BOWTIE_PRINCIPAL.oid], appids: [BOWTIE_PRINCIPAL.appid!] }
    : { oids: list(setting("BOWTIE_PRINCIPAL_OBJECT_ID")), appids: list(setting("AZURE_CLIENT_ID")) };
  if (target === "azure" && self.oids.length + self.appids.length === 0) {
    problems.push("BOWTIE_PRINCIPAL_OBJECT_ID (or AZURE_CLIENT_ID) is required: Bowtie's own identity, so its writes do not trigger remediation");
  }
  const healthSchedule = setting("BOWTIE_HEALTH_SCHEDULE") ?? "0 */5 * * * *";
  if (healthSchedule.trim().split(/\s+/).length !== 6) problems.push(`BOWTIE_HEALTH_SCHEDULE must be a 6-field NCRONTAB expression (got "${healthSchedule}")`);
  const maxRemediationsPerHour = Number(setting("BOWTIE_MAX_REMEDIATIONS_PER_HOUR") ?? "3");
  if (!Number.isInteger(maxRemediationsPerHour) || maxRemediationsPerHour < 1) problems.push("BOWTIE_MAX_REMEDIATIONS_PER_HOUR must be a whole number of at least 1");
  const ui: SignInContext = { onAppService: !!setting("WEBSITE_INSTANCE_ID"), signInEnabled: (setting("WEBSITE_AUTH_ENABLED") ?? "").toLowerCase() === "true" };
  if (problems.length) throw new SettingsError(problems);
  return { azure, storage, self, healthSchedule, maxRemediationsPerHour, ui };
}

/** Point the activities at the configured Azure (or emulator) and registry; `starter` gives an activity its durable client. */
export function configureActivities(settings: AppSettings, starter: AzureTarget["starter"]): void {
  useAzureTarget({
    ...createAzureClients(settings.azure),
    registry: DeploymentRegistry.fromStorage(settings.storage),
    health: HealthReports.fromStorage(settings.storage),
    history: OperationHistory.fromStorage(settings.storage),
    maxRemediationsPerHour: settings.maxRemediationsPerHour,
    now: () => new Date(),
    starter,
  });
}
