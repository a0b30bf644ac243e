// Full ARM resource ids. Every id the plan writes (a resource's own id, a
// reference inside a body, a dependsOn edge) comes from here, so the strings
// always match exactly: drift detection and the dependency graph compare ids
// as plain text.
import { placeholder } from "../placeholders.js";
import type { Topology } from "../types.js";

/** `/subscriptions/<sub>/resourceGroups/<rg>`; the subscription may be a placeholder filled at apply time. */
export function resourceGroupId(topo: Topology): string {
  return `/subscriptions/${topo.subscriptionId ?? placeholder.subscriptionId()}/resourceGroups/${topo.resourceGroup}`;
}

function network(topo: Topology, path: string): string {
  return `${resourceGroupId(topo)}/providers/Microsoft.Network/${path}`;
}

export const ids = {
  vnet: (t: Topology, vnet: string) => network(t, `virtualNetworks/${vnet}`),
  subnet: (t: Topology, vnet: string, subnet: string) => network(t, `virtualNetworks/${vnet}/subnets/${subnet}`),
  publicIp: (t: Topology, name: string) => network(t, `publicIPAddresses/${name}`),
  nsg: (t: Topology, name: string) => network(t, `networkSecurityGroups/${name}`),
  nic: (t: Topology, name: string) => network(t, `networkInterfaces/${name}`),
  gateway: (t: Topology) => network(t, `virtualNetworkGateways/${t.gateway.name}`),
  gatewayIpConfig: (t: Topology, ipConfigName: string) =>
    network(t, `virtualNetworkGateways/${t.gateway.name}/ipConfigurations/${ipConfigName}`),
  localGateway: (t: Topology, name: string) => network(t, `localNetworkGateways/${name}`),
  connection: (t: Topology, name: string) => network(t, `connections/${name}`),
  hub: (t: Topology, hub: string) => network(t, `virtualHubs/${hub}`),
  hubIpConfig: (t: Topology, hub: string, name: string) => network(t, `virtualHubs/${hub}/ipConfigurations/${name}`),
  hubBgpConnection: (t: Topology, hub: string, name: string) => network(t, `virtualHubs/${hub}/bgpConnections/${name}`),
  vm: (t: Topology, name: string) => `${resourceGroupId(t)}/providers/Microsoft.Compute/virtualMachines/${name}`,
};
