// The out-of-band faults `bowtie demo` injects, one at a time, as a person in
// the portal (or a script) would make them.
import type { Emulator } from "../../emulator/index.js";
import type { TopologySpec } from "../../shared/spec/schema.js";

export interface DemoFault {
  name: string;
  inject(emulator: Emulator): void;
}

export function demoFaults(spec: TopologySpec, emulator: Emulator): DemoFault[] {
  const rg = `/subscriptions/${emulator.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers`;
  const nva = spec.nvas[0]!;
  const con = `${rg}/Microsoft.Network/connections/${nva.connectionName ?? `con-${nva.name}`}`;
  const gw = `${rg}/Microsoft.Network/virtualNetworkGateways/${spec.gateway.name}`;
  const rsName = spec.routeServer.name ?? `${spec.providerVnet.name}-rs`;
  const nsg = `${rg}/Microsoft.Network/networkSecurityGroups/${spec.nvaDefaults.nsgName ?? `${spec.providerVnet.name}-nva-outside-nsg`}`;
  return [
    { name: "delete a connection", inject: (e) => e.outOfBand.delete(con) },
    {
      name: "change a gateway custom APIPA address",
      inject: (e) =>
        e.outOfBand.edit(gw, {
          bgpSettings: {
            bgpPeeringAddresses: [
              { ipconfigurationId: `${gw}/ipConfigurations/${spec.gateway.instances?.[0].ipConfigName ?? `${spec.gateway.name}-ipconfig-0`}`, customBgpIpAddresses: ["169.254.21.99"] },
            ],
          },
        }),
    },
    { name: "change a connection's PSK", inject: (e) => e.outOfBand.edit(con, { sharedKey: "changed-by-hand" }) },
    { name: "delete a Route Server peering", inject: (e) => e.outOfBand.delete(`${rg}/Microsoft.Network/virtualHubs/${rsName}/bgpConnections/bgp-${nva.name}`) },
    { name: "power off an NVA", inject: (e) => e.outOfBand.powerOff(`${rg}/Microsoft.Compute/virtualMachines/${nva.name}`) },
    {
      name: "open the NVAs' NSG to everything",
      inject: (e) =>
        e.outOfBand.edit(nsg, {
          securityRules: [{ name: "allow-any", properties: { protocol: "*", sourceAddressPrefix: "*", sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "*", access: "Allow", priority: 90, direction: "Inbound" } }],
        }),
    },
  ];
}
