// applyResource: make one resource match the plan. Reads it first; when the
// desired state already holds (and it is Succeeded) nothing is written, so a
// re-deploy of an unchanged spec makes zero writes. Otherwise starts the PUT
// and returns without waiting for the long-running operation. Each attempt's
// outcome is one ResourceApplied telemetry line (resource id, outcome, ARM
// error code; never a body, which holds filled-in secrets).
import type { InvocationContext } from "@azure/functions";
import type { ApplyOutcome, ApplyResourceInput } from "./contracts.js";
import { compareToDesired } from "../shared/drift/compare.js";
import { toSdkModel } from "../shared/plan/arm/sdk-models.js";
import { azureTarget, type AzureTarget } from "./azure-target.js";
import { armFailure, isNotFound, isTransient } from "./arm/arm-errors.js";
import { fillForApply, readSecret } from "./arm/fill-placeholders.js";
import { pskVersionsFor, type PskVersionOf } from "./arm/psk-pins.js";
import { findPlaceholders } from "../shared/plan/placeholders.js";
import { opsFor } from "./arm/resource-ops.js";
import { claimResource } from "./arm/claim-resource.js";
import { mergeAdopted } from "../shared/plan/merge-adopted.js";
import { activityInstanceId, invocationTelemetry } from "../shared/telemetry/index.js";

async function currentState(target: AzureTarget, ops: ReturnType<typeof opsFor>): Promise<Record<string, any> | null> {
  try {
    return await ops.get(target);
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
}

/** The connection's PSK is write-only on the resource; it is compared through its sharedkey endpoint. */
async function sharedKeyHolds(target: AzureTarget, input: ApplyResourceInput, rg: string, name: string, pskVersion: PskVersionOf | null): Promise<boolean> {
  // Only the field the planner marked: fillForApply already refused the body if a secret stood anywhere else.
  const sharedKey = (input.resource.body.properties as { sharedKey?: unknown } | undefined)?.sharedKey;
  const ref = typeof sharedKey === "string" ? findPlaceholders(sharedKey).find((p) => p.kind === "secret") : undefined;
  if (!ref) return true;
  const [actual, wanted] = await Promise.all([
    target.network.virtualNetworkGatewayConnections.getSharedKey(rg, name),
    // The version its NVA holds: a newer one in Key Vault is not "drift" until a rotation rolls it.
    pskVersion ? pskVersion(ref.arg).then((version) => readSecret(target, input.context.vaultUrl, ref.arg, ["psk"], version)) : readSecret(target, input.context.vaultUrl, ref.arg, ["psk"]),
  ]);
  return actual.value === wanted;
}

export async function applyResource(input: ApplyResourceInput, context?: InvocationContext): Promise<ApplyOutcome> {
  const telemetry = invocationTelemetry(context, { deploymentId: input.deployment, instanceId: activityInstanceId(context) });
  const about = { resourceId: input.resource.id, resourceType: input.resource.type };
  try {
    const result = await apply(input);
    telemetry.emit("ResourceApplied", { ...about, outcome: result.outcome, ...(result.outcome === "failed" ? { errorCode: result.error.code } : {}) });
    return result;
  } catch (e) {
    telemetry.emit("ResourceApplied", { ...about, outcome: "transient", errorCode: armFailure(e).code });
    throw e;
  }
}

async function apply(input: ApplyResourceInput): Promise<ApplyOutcome> {
  const target = azureTarget();
  const ops = opsFor(input.resource, target.subscriptionId);
  try {
    const actual = await currentState(target, ops);
    // Never touch what is not ours: another deployment's, another team's, or untagged (unless adopted).
    const claim = await claimResource(target, input, ops.parts, actual);
    if (claim.kind === "refused") return { outcome: "failed", error: { code: claim.code, message: claim.message } };
    const pskVersion = await pskVersionsFor(target, input.deployment, { type: input.resource.type, name: ops.parts.name }, input.context.vaultUrl, input.psk);
    const planned = toSdkModel({
      type: input.resource.type,
      body: await fillForApply(input.resource, {
        target,
        resourceGroup: ops.parts.resourceGroup,
        context: input.context,
        nvaConfig: input.nvaConfig,
        pskVersion,
      }),
    });
    // An adopted resource keeps everything Bowtie does not manage: its PUT is what exists with the plan laid over it.
    const desired = claim.kind === "adopted" && actual ? mergeAdopted(planned, actual) : planned;
    // An operation already running on it (ours before a restart, or someone else's): Azure would refuse a
    // write with 409 until it ends, so wait for it and apply again then.
    if (actual && ["Creating", "Updating", "Deleting"].includes(String(actual.provisioningState))) return { outcome: "busy" };
    if (actual && String(actual.provisioningState) === "Succeeded" && compareToDesired(desired, actual).length === 0) {
      const keyOk =
        input.resource.type !== "Microsoft.Network/connections" ||
        (await sharedKeyHolds(target, input, ops.parts.resourceGroup, ops.parts.name, pskVersion));
      if (keyOk && input.resource.type === "Microsoft.Compute/virtualMachines") return ensureRunning(target, ops.parts.resourceGroup, ops.parts.name);
      if (keyOk) return { outcome: "unchanged" };
    }
    // Keep where the operation is monitored: if it fails, that is where Azure says why.
    return { outcome: "started", ...(await ops.put(target, desired)) };
  } catch (e) {
    if (isTransient(e)) throw e;
    return { outcome: "failed", error: explain(input, armFailure(e)) };
  }
}

/** An NVA that is configured right but stopped or deallocated is started again. */
async function ensureRunning(target: AzureTarget, resourceGroup: string, name: string): Promise<ApplyOutcome> {
  const view = await target.compute.virtualMachines.instanceView(resourceGroup, name);
  const power = (view.statuses ?? []).map((s) => s.code ?? "").find((c) => c.startsWith("PowerState/"));
  if (!power || power === "PowerState/running" || power === "PowerState/starting") return { outcome: "unchanged" };
  await target.compute.virtualMachines.start(resourceGroup, name).submitted();
  return { outcome: "started" };
}

const TERMS_CODES = new Set(["ResourcePurchaseValidationFailed", "MarketplacePurchaseEligibilityFailed"]);

/** Say what to do where Azure only says what went wrong. */
function explain(input: ApplyResourceInput, error: { code: string; message: string }) {
  const plan = input.resource.body.plan as { publisher?: string; product?: string; name?: string } | undefined;
  if (!TERMS_CODES.has(error.code) || !plan) return error;
  return {
    code: error.code,
    message: `${error.message} Accept the Cisco 8000v marketplace terms once for this subscription: az vm image terms accept --publisher ${plan.publisher} --offer ${plan.product} --plan ${plan.name}`,
  };
}
