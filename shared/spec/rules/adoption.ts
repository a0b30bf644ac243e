// What a spec may adopt: only a VNet or the NVAs' NSG that the spec itself
// plans (adopting anything else would be a write to a resource the plan does
// not describe), each at most once.
import { jsonPath } from "../violations.js";
import type { Rule } from "../report.js";

export const adoptionNamesPlanned: Rule = (spec, r) => {
  const vnets = [spec.clientVnet.name, spec.providerVnet.name];
  const nsg = spec.nvaDefaults.nsgName ?? `${spec.providerVnet.name}-nva-outside-nsg`;
  const seen = new Set<string>();
  (spec.adopt ?? []).forEach((a, i) => {
    const planned = a.type === "virtualNetwork" ? vnets : [nsg];
    if (!planned.some((n) => n.toLowerCase() === a.name.toLowerCase())) {
      r.error(jsonPath(["adopt", i, "name"]), `must name a ${a.type} this spec plans (${planned.join(" or ")}): Bowtie adopts only what it would otherwise create`, a.name);
    }
    const key = `${a.type}/${a.name.toLowerCase()}`;
    if (seen.has(key)) r.error(jsonPath(["adopt", i]), "must not list the same resource twice", a);
    seen.add(key);
  });
};
