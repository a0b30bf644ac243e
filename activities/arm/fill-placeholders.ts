// Fills a plan value's placeholders with what only Azure and Key Vault know:
// public IP addresses, Route Server router IPs, the subscription, secrets and
// the NVA's customData (its day-0 config, itself filled, base64). Runs inside
// an activity; the filled value never returns to the orchestration.
import type { ApplyContext } from "../contracts.js";
import { fillPlaceholdersAsync, type PlaceholderRef } from "../../shared/plan/placeholders.js";
import type { AzureTarget } from "../azure-target.js";

export interface FillScope {
  target: AzureTarget;
  resourceGroup: string;
  context: ApplyContext;
  /** The NVA's day-0 config with placeholders, for {{customData:<nva>}}. */
  nvaConfig?: string;
}

export async function readSecret(target: AzureTarget, vaultUrl: string, name: string): Promise<string> {
  const secret = await target.secrets(vaultUrl).getSecret(name);
  if (!secret.value) throw new Error(`Key Vault secret ${name} in ${vaultUrl} has no value`);
  return secret.value;
}

async function routerIps(scope: FillScope): Promise<string[]> {
  if (!scope.context.routeServerName) throw new Error("the plan references Route Server IPs but has no Route Server");
  const hub = await scope.target.network.virtualHubs.get(scope.resourceGroup, scope.context.routeServerName);
  const ips = hub.virtualRouterIps ?? [];
  if (ips.length < 2) throw new Error(`Route Server ${scope.context.routeServerName} has no router IPs yet (${ips.length} of 2)`);
  return ips;
}

export function fillForApply<T>(value: T, scope: FillScope): Promise<T> {
  const resolve = async (ref: PlaceholderRef): Promise<string> => {
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
      case "secret":
        return readSecret(scope.target, scope.context.vaultUrl, ref.arg);
      case "customData": {
        if (scope.nvaConfig === undefined) throw new Error(`customData of ${ref.arg} requested without its configuration`);
        const config = await fillForApply(scope.nvaConfig, { ...scope, nvaConfig: undefined });
        return Buffer.from(config, "utf8").toString("base64");
      }
    }
  };
  return fillPlaceholdersAsync(value, resolve);
}
