// A plan applied straight to the emulator's ARM engine, in-process: no HTTPS,
// no durable driver, no Key Vault. Each planned body goes through the same
// PUT handling, reference checks and read-only fields as in a deploy, with
// placeholders filled as the apply step would (public IPs and router IPs read
// back from the engine, the PSK given). Fast enough to evaluate hundreds of
// specs in one property test; the network state is the emulator's prediction.
import { ArmEngine } from "../../emulator/arm/engine.js";
import { VirtualClock } from "../../emulator/clock.js";
import { staticCredential } from "../../emulator/identity.js";
import type { NetworkState } from "../../emulator/network/types.js";
import { fillPlaceholders, type PlaceholderRef } from "../../shared/plan/placeholders.js";
import type { Plan, PlannedResource } from "../../shared/plan/types.js";

const SUBSCRIPTION = "00000000-0000-4000-8000-0000000e0e0e";
const HOUR = 3600_000;

export interface PlanEvaluation {
  state: NetworkState;
  /** The engine, for edits after the deploy (one side of a connection, say). */
  engine: ArmEngine;
  resourceGroup: string;
  subscriptionId: string;
}

function byDependencies(resources: PlannedResource[]): PlannedResource[] {
  const done = new Set<string>();
  const out: PlannedResource[] = [];
  let left = resources;
  while (left.length > 0) {
    const ready = left.filter((r) => r.dependsOn.every((d) => done.has(d)));
    if (ready.length === 0) throw new Error(`plan has a dependency cycle or a missing dependency: ${left.map((r) => r.name).join(", ")}`);
    for (const r of ready) done.add(r.id);
    out.push(...ready);
    left = left.filter((r) => !done.has(r.id));
  }
  return out;
}

export async function applyPlanInEngine(plan: Plan, psk: (secretName: string) => string): Promise<PlanEvaluation> {
  const clock = new VirtualClock(Date.UTC(2030, 0, 1));
  const engine = new ArmEngine({ clock, durations: {}, deleteDurations: {}, autoAdvance: false, retryAfterSeconds: 0, endpoint: () => "https://emulator.invalid", convergence: false });
  const authorization = `Bearer ${(await staticCredential().getToken([]))!.token}`;
  const call = async (method: string, id: string, apiVersion: string, body?: unknown) => {
    const url = new URL(`https://emulator.invalid${id}?api-version=${apiVersion}`);
    const res = await engine.handle({ method, url, headers: { authorization }, body: body === undefined ? "" : JSON.stringify(body) });
    if (res.status >= 400) throw new Error(`${method} ${id}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Record<string, any>;
  };
  const ofSubscription = (text: string) => text.replaceAll("{{subscriptionId}}", SUBSCRIPTION);
  const group = ofSubscription(plan.resources[0]!.id).split("/").slice(0, 5).join("/");
  const networkVersion = plan.resources.find((r) => r.type.startsWith("Microsoft.Network/"))!.apiVersion;
  const values = new Map<string, string>();
  const lookUp = async (ref: PlaceholderRef): Promise<string> => {
    switch (ref.kind) {
      case "subscriptionId":
        return SUBSCRIPTION;
      case "secret":
        return psk(ref.arg);
      case "publicIp":
        return (await call("GET", `${group}/providers/Microsoft.Network/publicIPAddresses/${ref.arg}`, networkVersion)).properties.ipAddress;
      case "routeServerIp": {
        const hub = await call("GET", `${group}/providers/Microsoft.Network/virtualHubs/${plan.topology.routeServer!.name}`, networkVersion);
        return hub.properties.virtualRouterIps[Number(ref.arg)];
      }
      case "customData":
        return Buffer.from(await fill(plan.nvaConfigs[ref.arg]!), "utf8").toString("base64");
    }
  };
  // Resolve every placeholder a value holds (asynchronously), then fill them in one pass.
  const fill = async <T>(value: T): Promise<T> => {
    const pending: PlaceholderRef[] = [];
    fillPlaceholders(value, (ref) => (pending.push(ref), ref.text));
    for (const ref of pending) if (!values.has(ref.text) || ref.kind === "customData") values.set(ref.text, await lookUp(ref));
    return fillPlaceholders(value, (ref) => values.get(ref.text)!);
  };
  for (const r of byDependencies(plan.resources)) {
    await call("PUT", ofSubscription(r.id), r.apiVersion, await fill(r.body));
    clock.advanceBy(HOUR);
    engine.settle();
  }
  return { state: engine.networkState(group.split("/")[4]), engine, resourceGroup: group.split("/")[4]!, subscriptionId: SUBSCRIPTION };
}
