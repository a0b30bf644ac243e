// The ARM desired state: every resource Bowtie owns, as the REST request body
// ARM receives (nested `properties`), with its full id, api-version and the
// ids it must wait for. Placeholders stand where a value exists only at apply
// time (public addresses, secrets, the subscription, the day-0 config).
import type { PlannedResource, Topology } from "../types.js";
import { markAdopted } from "../adoption.js";
import { connections } from "./connection.js";
import { virtualNetworkGateway } from "./gateway.js";
import { localNetworkGateways } from "./local-gateway.js";
import { networkInterfaces } from "./nic.js";
import { nvaInsideNsg } from "./inside-nsg.js";
import { nvaOutsideNsg } from "./nsg.js";
import { publicIps } from "./public-ip.js";
import { routeServerResources } from "./route-server.js";
import { virtualMachines } from "./vm.js";
import { virtualNetworks } from "./vnet.js";

/** Every planned resource, in an order that already respects dependsOn. */
export function desiredResources(topo: Topology): PlannedResource[] {
  const resources = [
    ...virtualNetworks(topo),
    ...publicIps(topo),
    nvaOutsideNsg(topo),
    nvaInsideNsg(topo),
    ...networkInterfaces(topo),
    virtualNetworkGateway(topo),
    ...localNetworkGateways(topo),
    ...routeServerResources(topo),
    ...virtualMachines(topo),
    ...connections(topo),
  ];
  return resources.map((r) => markAdopted(topo, r));
}

export { ids, resourceGroupId } from "./ids.js";
export { NETWORK_API_VERSION, COMPUTE_API_VERSION, apiVersionOf } from "./api-versions.js";
