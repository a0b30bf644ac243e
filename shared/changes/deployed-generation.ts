// A spec that leaves the gateway's generation unset keeps the deployed one.
// Azure resizes a gateway within its generation in place (VpnGw1AZ ->
// VpnGw2AZ, ARM-FACTS §4.3; Microsoft Learn "About gateway SKUs": resizing
// is allowed within a generation, changing generation is not); the planner's
// default follows the SKU (Generation1 for VpnGw1AZ, Generation2 otherwise),
// so without this a resize would read as a generation change: a replace that
// cuts every tunnel. Pure: the what-if read and the change apply use it, and
// the change records the pinned spec, so health judges against it too.
import type { TopologySpec } from "../spec/schema.js";

type Generation = NonNullable<TopologySpec["gateway"]["generation"]>;

/** The deployed gateway's generation, from its ARM/SDK model (null when absent or unknown). */
export function generationOf(gateway: Record<string, any> | undefined): Generation | null {
  const g = gateway?.vpnGatewayGeneration;
  return g === "Generation1" || g === "Generation2" ? g : null;
}

/**
 * The spec with its gateway generation pinned to the deployed one when the
 * spec did not choose one and the SKU exists in that generation (VpnGw1AZ is
 * Generation1 only: a deployed Generation2 cannot be kept under it).
 */
export function withDeployedGeneration(spec: TopologySpec, deployed: Generation | null): TopologySpec {
  if (spec.gateway.generation || !deployed) return spec;
  if (spec.gateway.sku === "VpnGw1AZ" && deployed === "Generation2") return spec;
  return { ...spec, gateway: { ...spec.gateway, generation: deployed } };
}
