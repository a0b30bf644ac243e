// What a PSK rotation changes, in the what-if's terms (the shape `bowtie
// deploy --json` lists a change in): per NVA its VM replaced (the day-0
// config holds the key, and customData is fixed at creation) and its
// connection's key updated, each with its impact. And whether rotating
// leaves some prefix without any path: with one NVA, its replacement does,
// and the rotation is refused unless the caller allows the outage, as a
// change is (shared/changes/change-steps.ts).
import type { ChangeOutcome, CarriedChange } from "../changes/carried-out.js";
import type { Outage } from "../changes/change-steps.js";
import { plannedImpact } from "../changes/impact.js";
import type { Plan } from "../plan/types.js";
import type { PskStep } from "./psk-versions.js";

/** One resource of one NVA's roll, with the Key Vault versions (ids, never values) it moves between. */
export interface RotationChange extends CarriedChange {
  nva: string;
  secretName: string;
  /** "" when none was recorded (or before the rotation made its versions: a refused one). */
  fromVersion: string;
  toVersion: string;
}

/** The VM (replace) and the connection (update) of the step's NVA. */
export function rotationChanges(plan: Plan, step: PskStep, outcome: ChangeOutcome): RotationChange[] {
  const nva = plan.topology.nvas.find((n) => n.name === step.nva);
  if (!nva) return [];
  const versions = `${step.secretName} version ${step.from || "(none recorded)"} -> ${step.to || "(new)"}`;
  return plan.resources.flatMap((r): RotationChange[] => {
    const common = { id: r.id, type: r.type, name: r.name, outcome, nva: nva.name, secretName: step.secretName, fromVersion: step.from, toVersion: step.to };
    if (r.type === "Microsoft.Compute/virtualMachines" && r.name === nva.name) {
      return [{ ...common, action: "replace", reason: `its day-0 config (customData, fixed at creation) holds the PSK: ${versions}`, impact: plannedImpact(plan, r.type, r.name, "replace", ["osProfile.customData"]) }];
    }
    if (r.type === "Microsoft.Network/connections" && r.name === nva.connectionName) {
      return [{ ...common, action: "update", reason: `sharedKey: ${versions}`, impact: plannedImpact(plan, r.type, r.name, "update", ["sharedKey"]) }];
    }
    return [];
  });
}

/** The outage rotating would cause (some prefix with no path while an NVA is replaced), or null. */
export function rotationOutage(plan: Plan): Outage | null {
  const harmful = plan.topology.nvas.flatMap((n) => rotationChanges(plan, { nva: n.name, secretName: n.pskSecretName, from: "", to: "" }, "not reached")).filter((c) => c.impact.prefixesWithoutPath.length > 0);
  if (harmful.length === 0) return null;
  return {
    prefixes: [...new Set(harmful.flatMap((c) => c.impact.prefixesWithoutPath))],
    seconds: Math.max(...harmful.map((c) => c.impact.seconds)),
    causes: harmful.map((c) => `${c.action} ${c.type.split("/").pop()}/${c.name}`),
  };
}

export const OUTAGE_NOT_ALLOWED = "OutageNotAllowed";

export const rotationOutageMessage = (o: Outage): string =>
  `rotating the PSK leaves ${o.prefixes.join(", ")} without any path for about ${o.seconds} s (${o.causes.join(", ")}): no other NVA carries the traffic while one is replaced; allow the outage explicitly (--allow-outage, allowOutage in the API) to carry it out`;
