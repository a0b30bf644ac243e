// The seed lab (examples/seed-lab.json) as the day-2 tests start from it:
// the spec with an edit applied and validated, the what-if read as lines a
// person compares, and the one change several layers assert alike (removing
// c8k-20, adding c8k-30), so the pure what-if's and the change matrix's
// expectations are one list each.
import { readFileSync } from "node:fs";
import type { TopologySpec } from "../../shared/spec/schema.js";
import { validateSpec } from "../../shared/spec/validate.js";

/** The seed lab's JSON as a person writes it (before validation fills defaults). */
export const SEED_LAB = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));

/** The seed lab with `edit` applied to a copy of its JSON, validated; an edit that breaks a rule throws with the violations. */
export function seedSpec(edit: (spec: any) => void = () => {}): TopologySpec {
  const raw = structuredClone(SEED_LAB);
  edit(raw);
  const r = validateSpec(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.violations));
  return r.spec;
}

/** The changes that do something, as sorted "action type-tail/name" lines. */
export const acted = (changes: ReadonlyArray<{ type: string; name: string; action: string }>): string[] =>
  changes
    .filter((c) => c.action !== "none")
    .map((c) => `${c.action} ${c.type.split("/").pop()}/${c.name}`)
    .sort();

/** What removing c8k-20 from the seed lab does: every resource of the NVA deleted, the gateway's APIPA lists updated. */
export const REMOVE_C8K_20: readonly string[] = [
  "delete bgpConnections/bgp-c8k-20",
  "delete connections/con-c8k-20",
  "delete localNetworkGateways/lng-c8k-20",
  "delete networkInterfaces/c8k-20-inside-nic",
  "delete networkInterfaces/c8k-20-outside-nic",
  "delete publicIPAddresses/c8k-2-pip",
  "delete virtualMachines/c8k-20",
  "update virtualNetworkGateways/client-Vnet-gw",
];

/** A third NVA for the seed lab, its APIPA addresses left to the allocator. */
export const THIRD_NVA = { name: "c8k-30", asn: 65002, outsideIp: "10.10.0.6", insideIp: "10.10.1.6", publicIpName: "c8k-3-pip" };

/** What adding THIRD_NVA creates: every resource of the NVA (the gateway's APIPA lists are updated besides). */
export const ADD_C8K_30_CREATES: readonly string[] = [
  "create bgpConnections/bgp-c8k-30",
  "create connections/con-c8k-30",
  "create localNetworkGateways/lng-c8k-30",
  "create networkInterfaces/c8k-30-inside-nic",
  "create networkInterfaces/c8k-30-outside-nic",
  "create publicIPAddresses/c8k-3-pip",
  "create virtualMachines/c8k-30",
];
