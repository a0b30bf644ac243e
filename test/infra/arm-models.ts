// Azure's own models for the resource types infra/ declares, from the
// generated management SDKs (devDependencies): each SDK's mappers are its
// REST API schema in machine form — every property with its wire path
// (`properties.serverFarmId`), type, enum values and read-only flag, and
// the discriminators of polymorphic types. They are not exported, so this
// file, for tests only, loads them by path (as test/plan/arm-sdk-roundtrip
// does for the network SDK). Each SDK speaks one api-version, noted here:
// where it differs from the Bicep's, property names are checked against a
// neighbouring version, which is what a typo check needs.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

export interface Mapper {
  serializedName?: string;
  readOnly?: boolean;
  type: {
    name: string;
    className?: string;
    modelProperties?: Record<string, Mapper>;
    element?: Mapper;
    value?: Mapper;
    allowedValues?: string[];
    uberParent?: string;
    polymorphicDiscriminator?: { serializedName: string };
  };
}

export interface Models {
  sdk: string;
  mappers: Record<string, Mapper>;
  discriminators: Record<string, Mapper>;
}

const require = createRequire(import.meta.url);

/** The package folder, found from its entry point (some packages' exports maps hide package.json). */
function packageDir(pkg: string): string {
  let dir = dirname(require.resolve(pkg));
  while (!dir.endsWith(join("node_modules", ...pkg.split("/")))) dir = dirname(dir);
  return dir;
}

// [package, mappers file inside it, api-version its models describe]
const SDKS = {
  appservice: ["@azure/arm-appservice", "dist/esm/models/mappers.js", "2024-04-01"],
  storage: ["@azure/arm-storage", "dist/esm/models/mappers.js", "2024-01-01"],
  keyvault: ["@azure/arm-keyvault", "dist/esm/models/mappers.js", "2025-05-01"],
  eventgrid: ["@azure/arm-eventgrid", "dist-esm/src/models/mappers.js", "2022-06-15"],
  appinsights: ["@azure/arm-appinsights", "dist/esm/models/mappers.js", "2020-02-02"],
  operationalinsights: ["@azure/arm-operationalinsights", "dist-esm/src/models/mappers.js", "2022-10-01"],
  msi: ["@azure/arm-msi", "dist/esm/models/mappers.js", "2024-11-30"],
  authorization: ["@azure/arm-authorization", "dist-esm/src/models/mappers.js", "2022-04-01"],
  resources: ["@azure/arm-resources", "dist/esm/models/mappers.js", "2025-04-01"],
  // 7.0.0, the last generation with mappers (8.x is built differently); diagnostic settings at 2017-05-01-preview.
  monitor: ["@azure/arm-monitor", "dist-esm/src/models/mappers.js", "2017-05-01-preview"],
} as const;

/** Each resource type infra/ may declare, and the SDK model of its PUT body. */
export const MODEL_OF: Record<string, [keyof typeof SDKS, string]> = {
  "Microsoft.Web/serverfarms": ["appservice", "AppServicePlan"],
  "Microsoft.Web/sites": ["appservice", "Site"],
  "Microsoft.Web/sites/config": ["appservice", "StringDictionary"],
  "Microsoft.Web/sites/basicPublishingCredentialsPolicies": ["appservice", "CsmPublishingCredentialsPoliciesEntity"],
  "Microsoft.Storage/storageAccounts": ["storage", "StorageAccountCreateParameters"],
  "Microsoft.Storage/storageAccounts/blobServices": ["storage", "BlobServiceProperties"],
  "Microsoft.Storage/storageAccounts/blobServices/containers": ["storage", "BlobContainer"],
  "Microsoft.KeyVault/vaults": ["keyvault", "VaultCreateOrUpdateParameters"],
  "Microsoft.EventGrid/systemTopics": ["eventgrid", "SystemTopic"],
  "Microsoft.EventGrid/systemTopics/eventSubscriptions": ["eventgrid", "EventSubscription"],
  "Microsoft.Insights/components": ["appinsights", "ApplicationInsightsComponent"],
  "Microsoft.OperationalInsights/workspaces": ["operationalinsights", "Workspace"],
  "Microsoft.ManagedIdentity/userAssignedIdentities": ["msi", "Identity"],
  "Microsoft.Authorization/roleAssignments": ["authorization", "RoleAssignmentCreateParameters"],
  "Microsoft.Authorization/roleDefinitions": ["authorization", "RoleDefinition"],
  "Microsoft.Insights/diagnosticSettings": ["monitor", "DiagnosticSettingsResource"],
  // arm-monitor 7 speaks metricAlerts 2018-03-01, activityLogAlerts 2017-04-01, scheduledQueryRules 2018-04-16: the versions infra/ uses.
  "Microsoft.Insights/metricAlerts": ["monitor", "MetricAlertResource"],
  "Microsoft.Insights/activityLogAlerts": ["monitor", "ActivityLogAlertResource"],
  "Microsoft.Insights/scheduledQueryRules": ["monitor", "LogSearchRuleResource"],
  // arm-monitor 7 speaks actionGroups 2021-09-01; infra/ uses 2023-01-01, whose webhook receiver has the same fields.
  "Microsoft.Insights/actionGroups": ["monitor", "ActionGroupResource"],
  "Microsoft.Resources/resourceGroups": ["resources", "ResourceGroup"],
};

/**
 * Types whose body depends on the child's name: a site's `config/appsettings`
 * is a string dictionary, its `config/authsettingsV2` the authentication
 * settings. By name, the model MODEL_OF's entry stands in for.
 */
export const MODEL_BY_NAME: Record<string, Record<string, string>> = {
  "Microsoft.Web/sites/config": { appsettings: "StringDictionary", authsettingsV2: "SiteAuthSettingsV2" },
};

const loaded = new Map<string, Promise<Models>>();

export function modelsOf(sdk: keyof typeof SDKS): Promise<Models> {
  let m = loaded.get(sdk);
  if (!m) {
    const [pkg, file] = SDKS[sdk];
    m = import(pathToFileURL(join(packageDir(pkg), file)).href).then((mod: Record<string, any>) => ({ sdk: pkg, mappers: mod, discriminators: mod.discriminators ?? {} }));
    loaded.set(sdk, m);
  }
  return m;
}
