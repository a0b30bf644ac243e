// infra/ read structurally (no Bicep compiler exists here; see bicep-reader.ts):
// every role assignment is one of the list in infra/ROLES.md at the scope
// listed, no broader role appears anywhere, the target roles reach target
// resource groups only, and the checker itself fails on a broader role.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { infraBicepFiles, objectEntries, parseBicep, roleAssignments, type RoleAssignment } from "./bicep-reader.js";

const ROLE = {
  networkContributor: "4d97b98b-1d4f-4787-a291-c67834d212e7",
  virtualMachineContributor: "9980e02c-c2be-4d73-94e8-173b1dc7cf3c",
  reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  keyVaultSecretsUser: "4633458b-17de-408a-b874-0445c86b69e6",
  keyVaultSecretsOfficer: "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
  storageBlobDataOwner: "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
  storageQueueDataContributor: "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
  storageTableDataContributor: "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
  monitoringMetricsPublisher: "3913510d-42f4-4e42-8a64-420c390055eb",
} as const;

/** Roles that would each be broader than anything Bowtie needs. */
const BROAD = {
  Owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  "User Access Administrator": "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
  "Role Based Access Control Administrator": "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
  "Key Vault Administrator": "00482a5a-887f-4fb3-b363-3b7fe8e74483",
  "Storage Account Contributor": "17d1049b-9a84-46fb-8f53-869881c3d3ab",
  "Virtual Machine Administrator Login": "1c0163c0-47e6-4577-8991-ea5c82e286e4",
};

interface Allowed {
  file: string;
  roles: string[];
  /** null: the file's own deployment scope; else the resource type the scope names. */
  scopeType: string | null;
  conditional: boolean;
}

/** The whole list (infra/ROLES.md), where each may be assigned. */
const ALLOWED: Allowed[] = [
  { file: "modules/target-access.bicep", roles: [ROLE.networkContributor, ROLE.virtualMachineContributor, ROLE.reader], scopeType: null, conditional: false },
  { file: "modules/vault-access.bicep", roles: [ROLE.keyVaultSecretsUser], scopeType: "Microsoft.KeyVault/vaults", conditional: false },
  { file: "modules/key-vault.bicep", roles: [ROLE.keyVaultSecretsOfficer], scopeType: "Microsoft.KeyVault/vaults", conditional: true },
  { file: "modules/storage.bicep", roles: [ROLE.storageBlobDataOwner, ROLE.storageQueueDataContributor, ROLE.storageTableDataContributor], scopeType: "Microsoft.Storage/storageAccounts", conditional: false },
  { file: "modules/monitoring.bicep", roles: [ROLE.monitoringMetricsPublisher], scopeType: "Microsoft.Insights/components", conditional: false },
  // The only subscription-scope assignment, and only when a parameter asks for it.
  { file: "main.bicep", roles: [ROLE.reader], scopeType: null, conditional: true },
];

const infra = (f: string) => readFileSync(new URL(`../../infra/${f}`, import.meta.url), "utf8");
const FILES = infraBicepFiles();

/** Every problem with one file's role assignments; empty when it keeps to the list. */
function violations(file: string, source: string): string[] {
  const problems: string[] = [];
  const allowed = ALLOWED.filter((a) => a.file === file);
  const found: RoleAssignment[] = roleAssignments(parseBicep(source));
  for (const [name, id] of Object.entries(BROAD)) if (source.toLowerCase().includes(id)) problems.push(`${file}: ${name} (${id}) is broader than Bowtie needs`);
  for (const a of found) {
    const rule = allowed.find((x) => a.roles.every((r) => x.roles.includes(r)) && x.scopeType === a.scopeType);
    if (!rule) problems.push(`${file}: ${a.symbol} assigns ${a.roles.join(", ")} at ${a.scope ?? "the deployment scope"}: not in infra/ROLES.md for this file and scope`);
    else if (rule.conditional && !a.condition) problems.push(`${file}: ${a.symbol} must be conditional`);
  }
  for (const rule of allowed) {
    const assigned = new Set(found.filter((a) => a.scopeType === rule.scopeType).flatMap((a) => a.roles));
    for (const r of rule.roles) if (!assigned.has(r)) problems.push(`${file}: ${r} is listed but not assigned`);
  }
  return problems;
}

test("every role assignment in infra/ is on the list, at its scope; nothing broader anywhere", () => {
  const problems = FILES.flatMap((f) => violations(f, infra(f)));
  assert.deepEqual(problems, []);
  const assigning = FILES.filter((f) => roleAssignments(parseBicep(infra(f))).length > 0).sort();
  assert.deepEqual(assigning, [...new Set(ALLOWED.map((a) => a.file))].sort(), "every file the list names assigns something, and no other does");
});

test("the checker fails on a broader role, a wider scope, or a missing condition", () => {
  const access = infra("modules/target-access.bicep");
  assert.match(violations("modules/target-access.bicep", access.replace("4d97b98b-1d4f-4787-a291-c67834d212e7", BROAD.Contributor)).join("\n"), /Contributor .* is broader/);
  const storage = infra("modules/storage.bicep");
  assert.match(violations("modules/storage.bicep", storage.replace("  scope: storage\n", "")).join("\n"), /not in infra\/ROLES\.md/);
  const main = infra("main.bicep");
  assert.match(violations("main.bicep", main.replace("= if (subscriptionReader) {", "= {")).join("\n"), /must be conditional/);
  const vault = infra("modules/vault-access.bicep");
  assert.match(violations("modules/vault-access.bicep", vault.replace("4633458b-17de-408a-b874-0445c86b69e6", ROLE.keyVaultSecretsOfficer)).join("\n"), /not in infra\/ROLES\.md/);
});

test("target roles reach the target resource groups only: main.bicep scopes that module to each of them", () => {
  const main = parseBicep(infra("main.bicep"));
  assert.equal(main.targetScope, "subscription");
  const access = main.declarations.filter((d) => d.kind === "module" && d.type === "modules/target-access.bicep");
  assert.equal(access.length, 1);
  assert.equal(access[0]!.loop?.source, "targets");
  assert.equal(access[0]!.body.get("scope"), `resourceGroup(${access[0]!.loop!.item})`);
  assert.match(main.vars.get("targets") ?? "", /split\(.*targetResourceGroups.*','\)/, "targets are the targetResourceGroups parameter");
  // The other modules land in the app's own resource group (or the vault's).
  for (const d of main.declarations.filter((x) => x.kind === "module" && !x.type.startsWith("modules/target-"))) {
    assert.match(d.body.get("scope") ?? "", d.type === "modules/vault-access.bicep" ? /^resourceGroup\(newVault \? appGroup\.name : existingKeyVaultResourceGroup\)$/ : /^appGroup$/, d.symbol);
  }
});

test("infra/ROLES.md documents every role the Bicep assigns, by name and id", () => {
  const doc = infra("ROLES.md");
  for (const id of Object.values(ROLE)) assert.ok(doc.includes(id), `${id} missing from infra/ROLES.md`);
});

test("every module main.bicep uses exists, gets each required parameter, and no unknown one", () => {
  const main = parseBicep(infra("main.bicep"));
  for (const d of main.declarations.filter((x) => x.kind === "module")) {
    const module = parseBicep(infra(d.type));
    const given = [...objectEntries(d.body.get("params") ?? "{}").keys()];
    for (const [name, p] of module.params) if (p.defaultValue === null) assert.ok(given.includes(name), `${d.type}: ${name} is required`);
    for (const name of given) assert.ok(module.params.has(name), `${d.type} has no parameter ${name}`);
  }
});
