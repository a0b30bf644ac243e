// What Azure holds for a deployment, in as few reads as the job allows: one
// list per resource type in the resource group (and per hub for its
// children), plus each NVA's instance view for its power state (a resource
// group's VM list cannot expand instance views: Compute allows $expand only
// with a $filter). Secrets are stripped from the output, which enters
// orchestration history; the raw lists stay in the activity.
import type { BgpConnection, VirtualHub, VirtualNetworkGateway } from "@azure/arm-network";
import type { ReadInventoryInput, ReadInventoryOutput } from "../contracts.js";
import type { AzureTarget } from "../azure-target.js";
import { isNotFound } from "./arm-errors.js";
import { allPages, counted, type RequestTally } from "./request-tally.js";

const TYPE_OF = {
  virtualNetworks: "Microsoft.Network/virtualNetworks",
  publicIPAddresses: "Microsoft.Network/publicIPAddresses",
  networkSecurityGroups: "Microsoft.Network/networkSecurityGroups",
  networkInterfaces: "Microsoft.Network/networkInterfaces",
  virtualNetworkGateways: "Microsoft.Network/virtualNetworkGateways",
  localNetworkGateways: "Microsoft.Network/localNetworkGateways",
  connections: "Microsoft.Network/connections",
  virtualHubs: "Microsoft.Network/virtualHubs",
  hubIpConfigurations: "Microsoft.Network/virtualHubs/ipConfigurations",
  bgpConnections: "Microsoft.Network/virtualHubs/bgpConnections",
  virtualMachines: "Microsoft.Compute/virtualMachines",
} as const;

export interface ListedInventory {
  output: ReadInventoryOutput;
  /** The gateways, hubs and peerings as listed, for the session reads that follow. */
  gateways: VirtualNetworkGateway[];
  hubs: VirtualHub[];
  bgpConnections: BgpConnection[];
}

export async function listInventory(t: AzureTarget, input: ReadInventoryInput, tally: RequestTally): Promise<ListedInventory> {
  const rg = input.resourceGroup;
  const n = t.network;
  const [vnets, pips, nsgs, nics, gateways, lngs, connections, hubs, vms] = await Promise.all([
    allPages(n.virtualNetworks.list(rg), tally),
    allPages(n.publicIPAddresses.list(rg), tally),
    allPages(n.networkSecurityGroups.list(rg), tally),
    allPages(n.networkInterfaces.list(rg), tally),
    allPages(n.virtualNetworkGateways.list(rg), tally),
    allPages(n.localNetworkGateways.list(rg), tally),
    allPages(n.virtualNetworkGatewayConnections.list(rg), tally),
    allPages(n.virtualHubs.listByResourceGroup(rg), tally),
    allPages(t.compute.virtualMachines.list(rg), tally),
  ]);
  const hub = input.routeServerName ? hubs.find((h) => h.name?.toLowerCase() === input.routeServerName!.toLowerCase()) : undefined;
  const [ipConfigs, peerings] = hub
    ? await Promise.all([allPages(n.virtualHubIpConfiguration.list(rg, hub.name!), tally), allPages(n.virtualHubBgpConnections.list(rg, hub.name!), tally)])
    : [[], []];

  const resources: ReadInventoryOutput["resources"] = [];
  const add = (kind: keyof typeof TYPE_OF, list: Array<Record<string, any>>) => {
    for (const r of list) {
      const model: Record<string, any> = { ...r, type: TYPE_OF[kind] };
      delete model.sharedKey; // a connection's PSK: never into history
      if (model.osProfile) {
        model.osProfile = { ...model.osProfile };
        delete model.osProfile.customData;
        delete model.osProfile.adminPassword;
      }
      resources.push([String(r.id).toLowerCase(), model as ReadInventoryOutput["resources"][number][1]]);
    }
  };
  add("virtualNetworks", vnets);
  add("publicIPAddresses", pips);
  add("networkSecurityGroups", nsgs);
  add("networkInterfaces", nics);
  add("virtualNetworkGateways", gateways);
  add("localNetworkGateways", lngs);
  add("connections", connections);
  add("virtualHubs", hubs);
  add("hubIpConfigurations", ipConfigs);
  add("bgpConnections", peerings);
  add("virtualMachines", vms);

  const powerStates: Record<string, string> = {};
  await Promise.all(
    vms.map(async (vm) => {
      try {
        const view = await counted(tally, "reads", () => t.compute.virtualMachines.instanceView(rg, vm.name!));
        const code = (view.statuses ?? []).map((s) => s.code ?? "").find((c) => c.startsWith("PowerState/"));
        powerStates[String(vm.id).toLowerCase()] = code?.slice("PowerState/".length) ?? "unknown";
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }),
  );
  return { output: { subscriptionId: t.subscriptionId, resources, powerStates }, gateways, hubs, bgpConnections: peerings };
}
