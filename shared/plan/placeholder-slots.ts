// Where a planned body may hold a placeholder. Placeholders are Bowtie's own
// syntax: the planner puts them in fields it owns, and the apply step fills
// them there and nowhere else. So the planner does not write a placeholder
// into a body as bare text: it writes a Slot, and planned() (arm/resource.ts)
// turns every Slot into its text while recording its exact JSON path and
// kind in the resource's placeholderSlots. A user string (a tag, an SSH key
// comment) can never become a Slot, so even if one carried `{{secret:x}}`
// past validation, the filler would find it at an unmarked path and refuse.
//
// On top of the plan's marks, two fixed rules the filler enforces whatever a
// plan says (a forged plan can mark anything): a secret fills only a
// connection's sharedKey or a VM's adminPassword, and customData only a VM's
// osProfile.customData; each of these holds the placeholder and nothing else.
import { jsonPath } from "../spec/violations.js";
import { findPlaceholders, placeholder, type PlaceholderKind, type PlaceholderRef } from "./placeholders.js";
import type { PlannedResource, ResourceType } from "./types.js";

/** A placeholder the planner put in a body, waiting to be recorded by planned(). */
export class Slot {
  constructor(
    readonly kind: PlaceholderKind,
    readonly text: string,
  ) {}
}

export const slot = {
  secret: (secretName: string) => new Slot("secret", placeholder.secret(secretName)),
  customData: (nvaName: string) => new Slot("customData", placeholder.customData(nvaName)),
  publicIp: (publicIpName: string) => new Slot("publicIp", placeholder.publicIp(publicIpName)),
  /** A full ARM id, which holds {{subscriptionId}} when the spec leaves the subscription to apply time. */
  armId: (id: string) => new Slot("subscriptionId", id),
};

/** How a secret is used, which decides the rules its Key Vault value must meet. */
export type SecretUse = "psk" | "adminPassword";

/** The only fields a secret may fill, whatever a plan marks. */
export const SECRET_FIELDS: Partial<Record<ResourceType, Record<string, SecretUse>>> = {
  "Microsoft.Network/connections": { "$.properties.sharedKey": "psk" },
  "Microsoft.Compute/virtualMachines": { "$.properties.osProfile.adminPassword": "adminPassword" },
};

/** The only field customData (the day-0 config, which holds the PSK) may fill. */
export const CUSTOM_DATA_FIELDS: Partial<Record<ResourceType, string>> = {
  "Microsoft.Compute/virtualMachines": "$.properties.osProfile.customData",
};

/** A body with its Slots turned into text, and where each one stood. */
export function settleSlots(body: Record<string, unknown>): { body: Record<string, unknown>; slots: Record<string, PlaceholderKind> } {
  const slots: Record<string, PlaceholderKind> = {};
  const walk = (v: unknown, at: Array<string | number>): unknown => {
    if (v instanceof Slot) {
      const kinds = new Set(findPlaceholders(v.text).map((p) => p.kind));
      // A planner bug, not bad input: a slot must hold placeholders of its own kind only.
      if ([...kinds].some((k) => k !== v.kind)) throw new Error(`slot at ${jsonPath(at)} holds a placeholder that is not a ${v.kind}: ${v.text}`);
      if (kinds.size > 0) slots[jsonPath(at)] = v.kind;
      return v.text;
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...at, i]));
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, [...at, k])]));
    return v;
  };
  return { body: walk(body, []) as Record<string, unknown>, slots };
}

/** One placeholder found in a body: where, in which string, and whether that string is an object key. */
interface Site {
  path: string;
  text: string;
  ref: PlaceholderRef;
  isKey: boolean;
}

function sitesIn(body: unknown): Site[] {
  const out: Site[] = [];
  const visit = (text: string, at: Array<string | number>, isKey: boolean) => {
    for (const ref of findPlaceholders(text)) out.push({ path: jsonPath(at), text, ref, isKey });
  };
  const walk = (v: unknown, at: Array<string | number>): void => {
    if (typeof v === "string") visit(v, at, false);
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...at, i]));
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        visit(k, [...at, k], true);
        walk(x, [...at, k]);
      }
    }
  };
  walk(body, []);
  return out;
}

/** A placeholder the filler will not fill, and why (never a secret value: only where and which placeholder). */
export interface SlotViolation {
  path: string;
  placeholder: string;
  rule: string;
}

type Marked = Pick<PlannedResource, "type" | "body" | "placeholderSlots">;

/**
 * Every placeholder in a planned body that stands where it may not: outside
 * the plan's marks, of another kind than marked, in an object key, or a
 * secret / customData outside the fixed fields above. Empty: safe to fill.
 */
export function slotViolations(resource: Marked): SlotViolation[] {
  const marks = resource.placeholderSlots ?? {};
  return sitesIn(resource.body).flatMap(({ path, text, ref, isKey }) => {
    const bad = (rule: string) => [{ path, placeholder: ref.text, rule }];
    const mark = Object.hasOwn(marks, path) ? marks[path] : undefined;
    if (isKey) return bad("an object key never holds a placeholder");
    if (mark === undefined) return bad("the plan marks no placeholder here");
    if (mark !== ref.kind) return bad(`the plan marks a ${mark} placeholder here, not a ${ref.kind}`);
    if (ref.kind === "secret" && SECRET_FIELDS[resource.type]?.[path] === undefined) return bad("a secret fills only a connection's sharedKey or a VM's adminPassword");
    if (ref.kind === "customData" && CUSTOM_DATA_FIELDS[resource.type] !== path) return bad("customData fills only a VM's osProfile.customData");
    if ((ref.kind === "secret" || ref.kind === "customData") && text !== ref.text) return bad(`a ${ref.kind} placeholder must be the whole value`);
    return [];
  });
}

/** For each secret placeholder of a body that passed slotViolations: the uses its value must suit. */
export function secretUses(resource: Marked): Map<string, SecretUse[]> {
  const uses = new Map<string, SecretUse[]>();
  for (const { path, ref } of sitesIn(resource.body)) {
    const use = ref.kind === "secret" ? SECRET_FIELDS[resource.type]?.[path] : undefined;
    if (use) uses.set(ref.text, [...new Set([...(uses.get(ref.text) ?? []), use])]);
  }
  return uses;
}
