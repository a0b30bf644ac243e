// A spec may name its subscription, but only one this app deploys into. The
// activities' clients are bound to the configured subscription, so a spec
// naming another would get its resources written into the app's subscription
// while their references point into the other: half a topology, in the
// wrong place. Not in RULES: it needs the app's configuration, which a pure
// validation of the spec does not have; every entry point (POST
// /api/deployments, POST /api/plan, `bowtie deploy`) calls it with its own.
import type { TopologySpec } from "../schema.js";
import type { Violation } from "../violations.js";

export function subscriptionViolations(spec: Pick<TopologySpec, "subscriptionId">, configured: readonly string[]): Violation[] {
  const wanted = spec.subscriptionId;
  if (wanted === undefined || configured.some((s) => s.toLowerCase() === wanted.toLowerCase())) return [];
  return [
    {
      path: "$.subscriptionId",
      rule: `must be the subscription this Bowtie deploys into (${configured.join(", ") || "none configured"}); omit it to use that one`,
      value: wanted,
    },
  ];
}
