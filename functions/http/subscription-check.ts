// The subscription rule at the HTTP entry points: a spec naming a
// subscription must name the one the activities write into (the configured
// Azure target). Read only when the spec names one, so a spec without it
// never needs the target.
import { azureTarget } from "../../activities/azure-target.js";
import { subscriptionViolations } from "../../shared/spec/rules/subscription.js";
import type { TopologySpec } from "../../shared/spec/schema.js";
import type { Violation } from "../../shared/spec/violations.js";

export function foreignSubscription(spec: Pick<TopologySpec, "subscriptionId">): Violation[] {
  return spec.subscriptionId === undefined ? [] : subscriptionViolations(spec, [azureTarget().subscriptionId]);
}
