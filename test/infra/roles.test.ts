// infra/ read structurally (no Bicep compiler exists here; see bicep-reader.ts):
// every role assignment is one of the list in infra/ROLES.md at the scope
// listed, no broader role appears anywhere, the custom NVA role holds exactly
// the compute actions Bowtie makes (no run command), Key Vault reads are
// scoped to secrets, the target roles reach target resource groups only, and
// the checker itself fails on a broader role.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { customRoles, infraBicepFiles, objectEntries, parseBicep, roleAssignments, type RoleAssignment } from "./bicep-reader.js";

const ROLE = {
  networkContributor: "4d97b98b-1d4f-4787-a291-c67834d212e7",
  reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  keyVaultSecretsUser: "4633458b-17de-408a-b874-0445c86b69e6",
  keyVaultSecretsOfficer: "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
  storageBlobDataOwner: "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
  storageQueueDataContributor: "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
  storageTableDataContributor: "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
  monitoringMetricsPublisher: "3913510d-42f4-4e42-8a64-420c390055eb",
  monitoringReader: "43d0d8ad-25c7-4714-9337-8ba259a9fe05",
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
  // Microsoft.Compute/virtualMachines/* includes run command: root on every VM in the group.
  "Virtual Machine Contributor": "9980e02c-c2be-4d73-94e8-173b1dc7cf3c",
};

/** The custom role for the NVAs' VMs: exactly the compute calls activities/ make, and the implicit ones a VM PUT needs. */
const NVA_OPERATOR_ACTIONS = [
  "Microsoft.Compute/virtualMachines/read",
  "Microsoft.Compute/virtualMachines/instanceView/read",
  "Microsoft.Compute/virtualMachines/write",
  "Microsoft.Compute/virtualMachines/delete",
  "Microsoft.Compute/virtualMachines/start/action",
  "Microsoft.Compute/disks/read",
  "Microsoft.Compute/disks/write",
  "Microsoft.Compute/disks/delete",
  "Microsoft.Network/networkInterfaces/join/action",
];

/** The custom roles each file may define, with every action they may hold. */
const CUSTOM: Record<string, Record<string, string[]>> = {
  "modules/target-access.bicep": { nvaOperator: NVA_OPERATOR_ACTIONS },
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
  { file: "modules/target-access.bicep", roles: [ROLE.networkContributor, "custom:nvaOperator", ROLE.reader], scopeType: null, conditional: false },
  // Each secret the specs name, never the vault.
  { file: "modules/vault-access.bicep", roles: [ROLE.keyVaultSecretsUser], scopeType: "Microsoft.KeyVault/vaults/secrets", conditional: false },
  { file: "modules/key-vault.bicep", roles: [ROLE.keyVaultSecretsOfficer], scopeType: "Microsoft.KeyVault/vaults", conditional: true },
  { file: "modules/storage.bicep", roles: [ROLE.storageBlobDataOwner, ROLE.storageQueueDataContributor, ROLE.storageTableDataContributor], scopeType: "Microsoft.Storage/storageAccounts", conditional: false },
  { file: "modules/monitoring.bicep", roles: [ROLE.monitoringMetricsPublisher], scopeType: "Microsoft.Insights/components", conditional: false },
  // The only subscription-scope assignments, each only when its parameter asks for it:
  // Reader (off by default), Monitoring Reader (metrics:getBatch requires it there; on by default).
  { file: "main.bicep", roles: [ROLE.reader, ROLE.monitoringReader], scopeType: null, conditional: true },
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
  const custom = CUSTOM[file] ?? {};
  for (const role of customRoles(parseBicep(source))) {
    const may = custom[role.symbol];
    if (!may) {
      problems.push(`${file}: custom role ${role.symbol} is not in infra/ROLES.md`);
      continue;
    }
    for (const a of role.actions) {
      if (a.includes("*")) problems.push(`${file}: ${role.symbol} grants ${a}: a wildcard is broader than the calls Bowtie makes`);
      else if (/runCommand/i.test(a)) problems.push(`${file}: ${role.symbol} grants ${a}: run command executes code on the VM`);
      else if (!may.includes(a)) problems.push(`${file}: ${role.symbol} grants ${a}, which Bowtie does not call`);
    }
    for (const a of may) if (!role.actions.includes(a)) problems.push(`${file}: ${role.symbol} lacks ${a}, which Bowtie calls`);
    if (role.dataActions.length > 0) problems.push(`${file}: ${role.symbol} grants data actions`);
    if (role.assignableScopes.join() !== "resourceGroup().id") problems.push(`${file}: ${role.symbol} is assignable beyond its resource group`);
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
  assert.match(violations("main.bicep", main.replace("= if (metricsReader) {", "= {")).join("\n"), /must be conditional/);
  // Monitoring Contributor where Monitoring Reader is listed: not on the list.
  assert.match(violations("main.bicep", main.replace("'43d0d8ad-25c7-4714-9337-8ba259a9fe05'", "'749f88d5-cbae-40b8-bcfc-e573ddc772fa'")).join("\n"), /not in infra\/ROLES\.md/);
  const vault = infra("modules/vault-access.bicep");
  assert.match(violations("modules/vault-access.bicep", vault.replace("4633458b-17de-408a-b874-0445c86b69e6", ROLE.keyVaultSecretsOfficer)).join("\n"), /not in infra\/ROLES\.md/);
  // Secrets User on the whole vault reaches every secret in it.
  assert.match(violations("modules/vault-access.bicep", vault.replace("scope: secrets[i]", "scope: vault")).join("\n"), /readSecrets assigns .* at vault: not in infra\/ROLES\.md/);
  // The old grant, or a run-command action, or a wildcard in the custom role.
  assert.match(violations("modules/target-access.bicep", access.replace("[networkContributor, reader]", `[networkContributor, '${BROAD["Virtual Machine Contributor"]}', reader]`)).join("\n"), /Virtual Machine Contributor .* is broader/);
  const withAction = (action: string) => access.replace("  'Microsoft.Compute/virtualMachines/read'\n", `  'Microsoft.Compute/virtualMachines/read'\n  '${action}'\n`);
  assert.match(violations("modules/target-access.bicep", withAction("Microsoft.Compute/virtualMachines/runCommand/action")).join("\n"), /runCommand\/action: run command executes code/);
  assert.match(violations("modules/target-access.bicep", withAction("Microsoft.Compute/virtualMachines/runCommands/write")).join("\n"), /runCommands\/write: run command executes code/);
  assert.match(violations("modules/target-access.bicep", withAction("Microsoft.Compute/virtualMachines/*")).join("\n"), /a wildcard is broader/);
  assert.match(violations("modules/target-access.bicep", withAction("Microsoft.Compute/virtualMachines/deallocate/action")).join("\n"), /which Bowtie does not call/);
  assert.match(violations("modules/target-access.bicep", access.replace("  'Microsoft.Compute/virtualMachines/start/action'\n", "")).join("\n"), /lacks Microsoft\.Compute\/virtualMachines\/start\/action/);
});

test("the NVA role's actions are the compute calls activities/ make", () => {
  // Each SDK call on virtualMachines in activities/ has its action in the role (Reader covers the reads too,
  // but the role says on its own what touching an NVA takes).
  const sources = ["activities/apply-resource.ts", "activities/arm/resource-ops.ts", "activities/arm/list-inventory.ts"].map((f) => readFileSync(new URL(`../../${f}`, import.meta.url), "utf8")).join("\n");
  const calls = new Set([...sources.matchAll(/virtualMachines\.(\w+)\(/g)].map((m) => m[1]!));
  const ACTION_OF: Record<string, string> = { instanceView: "instanceView/read", start: "start/action", list: "read" };
  for (const call of calls) {
    const action = `Microsoft.Compute/virtualMachines/${ACTION_OF[call] ?? assert.fail(`activities/ calls virtualMachines.${call}: give it its action here and in the role`)}`;
    assert.ok(NVA_OPERATOR_ACTIONS.includes(action), `${call} needs ${action}`);
  }
  // createOrUpdate, get and delete go through resource-ops' generic table.
  assert.match(sources, /"Microsoft\.Compute\/virtualMachines": topLevel\(\(t\) => t\.compute\.virtualMachines\)/);
  for (const verb of ["write", "read", "delete"]) assert.ok(NVA_OPERATOR_ACTIONS.includes(`Microsoft.Compute/virtualMachines/${verb}`));
});

test("Key Vault: the app's read is scoped to each secret main.bicep lists, and infra creates no vault-wide read", () => {
  const access = parseBicep(infra("modules/vault-access.bicep"));
  const [read] = roleAssignments(access);
  assert.equal(read!.scope, "secrets[i]");
  const secrets = access.declarations.find((d) => d.symbol === "secrets")!;
  assert.ok(secrets.existing && secrets.loop?.source === "secretNames", "one existing secret per listed name");
  assert.equal(access.declarations.find((d) => d.symbol === "readSecrets")!.loop?.source, "secretNames");
  const main = parseBicep(infra("main.bicep"));
  const module = main.declarations.find((d) => d.type === "modules/vault-access.bicep")!;
  assert.equal(objectEntries(module.body.get("params")!).get("secretNames"), "secretNames");
  assert.match(main.vars.get("secretNames")!, /split\(.*keyVaultSecretNames.*','\)/);
  const parameters = JSON.parse(infra("main.parameters.json")).parameters as Record<string, { value: string }>;
  assert.equal(parameters.keyVaultSecretNames?.value, "${BOWTIE_KEY_VAULT_SECRET_NAMES}");
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

test("infra/ROLES.md documents every role the Bicep assigns, by name and id, and every action of the custom role", () => {
  const doc = infra("ROLES.md");
  for (const id of Object.values(ROLE)) assert.ok(doc.includes(id), `${id} missing from infra/ROLES.md`);
  for (const action of NVA_OPERATOR_ACTIONS) assert.ok(doc.includes(`\`${action}\``), `${action} missing from infra/ROLES.md`);
  assert.ok(!doc.includes(BROAD["Virtual Machine Contributor"]) || /not granted[\s\S]*Virtual Machine Contributor/i.test(doc), "Virtual Machine Contributor is listed only as not granted");
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
