// Every app setting Bowtie's code reads, declared once. functions/settings.ts
// can only read a name listed here (the type says so), and
// test/functions/app-settings.test.ts holds the three places to this list:
// the code, local.settings.example.json and the Function App in infra/.
//
// `where` says which of those places must declare it:
//  - "everywhere": the app reads it in Azure and locally;
//  - "local": only against the emulator and Azurite (a connection string, the
//    emulator's endpoint), never set in Azure;
//  - "azure": only in Azure (the identity-based storage connection, which
//    Azurite does not speak);
//  - "platform": set by App Service itself on the running app, never by
//    infra/ or local.settings.json (declaring one there would forge it).

export interface SettingDeclaration {
  name: string;
  where: "everywhere" | "local" | "azure" | "platform";
  purpose: string;
}

export const APP_SETTINGS = [
  { name: "BOWTIE_TARGET", where: "everywhere", purpose: '"azure" (default) or "emulator": where the activities send their ARM and Key Vault calls' },
  { name: "AZURE_SUBSCRIPTION_ID", where: "everywhere", purpose: "the subscription holding the target resource groups" },
  { name: "AZURE_CLIENT_ID", where: "everywhere", purpose: "the user-assigned identity's client id: DefaultAzureCredential signs in as it, and its events are Bowtie's own" },
  { name: "BOWTIE_PRINCIPAL_OBJECT_ID", where: "everywhere", purpose: "the identity's object (principal) id: ARM events carrying it are Bowtie's own writes and never start a remediation" },
  { name: "BOWTIE_HEALTH_SCHEDULE", where: "everywhere", purpose: "NCRONTAB schedule of the health timer (default every 5 minutes)" },
  { name: "BOWTIE_MAX_REMEDIATIONS_PER_HOUR", where: "everywhere", purpose: "the circuit breaker: remediations per deployment per hour before it needs attention (default 3)" },
  { name: "AzureWebJobsStorage", where: "local", purpose: "the host's storage as a connection string (UseDevelopmentStorage=true for Azurite); in Azure the identity-based settings below replace it" },
  { name: "AzureWebJobsStorage__accountName", where: "azure", purpose: "the host's storage account, reached with the managed identity (no shared key)" },
  { name: "AzureWebJobsStorage__credential", where: "azure", purpose: '"managedidentity": the identity-based connection\'s credential' },
  { name: "AzureWebJobsStorage__clientId", where: "azure", purpose: "which user-assigned identity the storage connection uses" },
  { name: "BOWTIE_EMULATOR_ENDPOINT", where: "local", purpose: "the emulator's ARM endpoint (printed by `npx bowtie emulator`)" },
  { name: "BOWTIE_EMULATOR_CA_FILE", where: "local", purpose: "the emulator's CA certificate file (printed by `npx bowtie emulator`)" },
  { name: "BOWTIE_EMULATOR_VAULTS", where: "local", purpose: "<vault name>=<https url> pairs: the spec's vaults as the emulator serves them" },
  { name: "WEBSITE_INSTANCE_ID", where: "platform", purpose: "set on every App Service instance: the app runs on App Service, where the /api/ui routes answer only behind its authentication" },
  { name: "WEBSITE_AUTH_ENABLED", where: "platform", purpose: "set by App Service while its authentication (Entra ID sign-in, infra/) is on: only then are its principal headers trustworthy" },
] as const satisfies readonly SettingDeclaration[];

export type SettingName = (typeof APP_SETTINGS)[number]["name"];

/**
 * Settings the Functions host (not Bowtie's code) reads, which infra/ sets
 * too: the only other names allowed in the Function App's app settings.
 */
export const HOST_SETTINGS = [
  { name: "APPLICATIONINSIGHTS_CONNECTION_STRING", purpose: "where the host sends logs (traces, requests) and Bowtie's telemetry lines" },
  { name: "APPLICATIONINSIGHTS_AUTHENTICATION_STRING", purpose: "Entra ID (not the instrumentation key) for ingestion, as the user-assigned identity" },
] as const;
