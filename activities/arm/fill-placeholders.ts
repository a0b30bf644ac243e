// Fills a planned resource's placeholders with what only Azure and Key Vault
// know: public IP addresses, Route Server router IPs, the subscription,
// secrets and the NVA's customData (its day-0 config, itself filled, base64).
// Runs inside an activity; the filled value never returns to the orchestration.
//
// It fills only where the planner put a placeholder (placeholderSlots, and
// the config's placeholder lines): anything else that looks like one, in a
// tag, a key comment, a forged plan, makes it refuse the whole resource
// before any value is fetched, so nothing is written with it.
import type { ApplyContext } from "../contracts.js";
import { fillPlaceholdersAsync, findPlaceholders, type PlaceholderRef } from "../../shared/plan/placeholders.js";
import { secretUses, slotViolations, type SecretUse } from "../../shared/plan/placeholder-slots.js";
import { configPlaceholderViolations } from "../../shared/ios/placeholder-lines.js";
import type { PlannedResource } from "../../shared/plan/types.js";
import type { AzureTarget } from "../azure-target.js";
import { checkSecretValue } from "./secret-rules.js";
import type { PskVersionOf } from "./psk-pins.js";

export interface FillScope {
  target: AzureTarget;
  resourceGroup: string;
  context: ApplyContext;
  /** The NVA's day-0 config with placeholders, for {{customData:<nva>}}. */
  nvaConfig?: string;
  /**
   * The PSK version this resource's NVA holds (psk-pins.ts), for a VM's
   * config and a connection's sharedKey; absent or null: the latest.
   */
  pskVersion?: PskVersionOf | null;
}

/** A placeholder where the plan does not allow one: a permanent failure that names where, never a value. */
export class PlaceholderRefusedError extends Error {
  readonly code = "PlaceholderNotAllowed";
  constructor(where: string, problems: string[]) {
    super(
      `refused to fill the placeholders of ${where}; nothing was written. Placeholders are Bowtie's own syntax and are filled only where the planner put them: ${problems.join("; ")}`,
    );
    this.name = "PlaceholderRefusedError";
  }
}

/** A Key Vault secret (a given version, or the latest), checked against the rules of every use before anyone sees it (secret-rules.ts). */
export async function readSecret(target: AzureTarget, vaultUrl: string, name: string, uses: SecretUse[], version?: string | null): Promise<string> {
  const secret = await target.secrets(vaultUrl).getSecret(name, version ? { version } : {});
  const value = secret.value ?? "";
  for (const use of uses) checkSecretValue(name, use, value);
  return value;
}

async function routerIps(scope: FillScope): Promise<string[]> {
  if (!scope.context.routeServerName) throw new Error("the plan references Route Server IPs but has no Route Server");
  const hub = await scope.target.network.virtualHubs.get(scope.resourceGroup, scope.context.routeServerName);
  const ips = hub.virtualRouterIps ?? [];
  if (ips.length < 2) throw new Error(`Route Server ${scope.context.routeServerName} has no router IPs yet (${ips.length} of 2)`);
  return ips;
}

async function resolve(ref: PlaceholderRef, scope: FillScope, uses: Map<string, SecretUse[]>): Promise<string> {
  switch (ref.kind) {
    case "subscriptionId":
      return scope.target.subscriptionId;
    case "publicIp": {
      const pip = await scope.target.network.publicIPAddresses.get(scope.resourceGroup, ref.arg);
      if (!pip.ipAddress) throw new Error(`public IP ${ref.arg} has no address yet`);
      return pip.ipAddress;
    }
    case "routeServerIp":
      return (await routerIps(scope))[Number(ref.arg)]!;
    case "secret": {
      // Never read a secret for no known use: its value would go unchecked.
      const use = uses.get(ref.text);
      if (!use?.length) throw new PlaceholderRefusedError(ref.text, ["a secret is read only for a field whose rules are known"]);
      // A PSK is the version its NVA holds, never simply the latest (psk-pins.ts).
      const version = use.includes("psk") && scope.pskVersion ? await scope.pskVersion(ref.arg) : null;
      return readSecret(scope.target, scope.context.vaultUrl, ref.arg, use, version);
    }
    case "customData":
      return customData(ref.arg, scope);
  }
}

/** The NVA's day-0 config, checked line by line, filled (its secrets are PSKs) and base64-encoded. */
async function customData(nvaName: string, scope: FillScope): Promise<string> {
  if (scope.nvaConfig === undefined) throw new Error(`customData of ${nvaName} requested without its configuration`);
  const refused = configPlaceholderViolations(scope.nvaConfig);
  if (refused.length) throw new PlaceholderRefusedError(`the day-0 config of ${nvaName}`, refused.map((v) => `line ${v.line} holds ${v.placeholder}: ${v.rule}`));
  // The line rules allow a secret only as a keyring key: every secret here is a PSK.
  const psk = new Map(findPlaceholders(scope.nvaConfig).filter((r) => r.kind === "secret").map((r) => [r.text, ["psk" as const]]));
  const config = await fillPlaceholdersAsync(scope.nvaConfig, (ref) => resolve(ref, { ...scope, nvaConfig: undefined }, psk));
  return Buffer.from(config, "utf8").toString("base64");
}

/** The resource's body with every placeholder filled, or PlaceholderRefusedError if one stands where the plan allows none. */
export async function fillForApply(
  resource: Pick<PlannedResource, "id" | "type" | "body" | "placeholderSlots">,
  scope: FillScope,
): Promise<Record<string, unknown>> {
  const refused = slotViolations(resource);
  if (refused.length) throw new PlaceholderRefusedError(resource.id, refused.map((v) => `${v.path} holds ${v.placeholder}: ${v.rule}`));
  const uses = secretUses(resource);
  return fillPlaceholdersAsync(resource.body, (ref) => resolve(ref, scope, uses));
}
