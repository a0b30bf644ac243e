// The five ways the fleet bench breaks a deployment, as a person in the
// portal (or a failing box) would: each changes Azure out of band and is
// something the health pass must find. Ids are built from the spec, as
// cli/demo/faults.ts does for the demo.
import type { Emulator } from "../emulator/index.js";
import type { TopologySpec } from "../shared/spec/schema.js";

export const FAULT_KINDS = ["nva power off", "psk mismatch", "connection deleted", "custom apipa edited", "route server peering deleted"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export function injectFault(emulator: Emulator, spec: TopologySpec, subscriptionId: string, kind: FaultKind): void {
  const rg = `/subscriptions/${subscriptionId}/resourceGroups/${spec.resourceGroup}/providers`;
  const nva = spec.nvas[0]!;
  const con = `${rg}/Microsoft.Network/connections/${nva.connectionName ?? `con-${nva.name}`}`;
  const gw = `${rg}/Microsoft.Network/virtualNetworkGateways/${spec.gateway.name}`;
  const rsName = spec.routeServer.name ?? `${spec.providerVnet.name}-rs`;
  switch (kind) {
    case "nva power off":
      return emulator.outOfBand.powerOff(`${rg}/Microsoft.Compute/virtualMachines/${nva.name}`);
    case "psk mismatch":
      return emulator.outOfBand.edit(con, { sharedKey: "changed-by-hand" });
    case "connection deleted":
      return emulator.outOfBand.delete(con);
    case "custom apipa edited":
      return emulator.outOfBand.edit(gw, {
        bgpSettings: {
          bgpPeeringAddresses: [
            { ipconfigurationId: `${gw}/ipConfigurations/${spec.gateway.instances?.[0].ipConfigName ?? `${spec.gateway.name}-ipconfig-0`}`, customBgpIpAddresses: ["169.254.21.99"] },
          ],
        },
      });
    case "route server peering deleted":
      return emulator.outOfBand.delete(`${rg}/Microsoft.Network/virtualHubs/${rsName}/bgpConnections/bgp-${nva.name}`);
  }
}

/** A small seeded generator (mulberry32), so a run's choice of broken deployments can be repeated. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
