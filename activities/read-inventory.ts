// readInventory: what Azure holds for a deployment, in as few reads as the job
// allows — one list per resource type in the resource group (and per hub for
// its children), plus each NVA's instance view for its power state. Secrets
// are stripped here: the result enters orchestration history.
import type { ReadInventoryInput, ReadInventoryOutput } from "./contracts.js";
import { azureTarget } from "./azure-target.js";
import { isNotFound } from "./arm/arm-errors.js";

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const TYPE_OF: Record<string, string> = {
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
};

export async function readInventory(input: ReadInventoryInput): Promise<ReadInventoryOutput> {
  const t = azureTarget();
  const rg = input.resourceGroup;
  const n = t.network;
  const [vnets, pips, nsgs, nics, gateways, lngs, connections, hubs, vms] = await Promise.all([
    all(n.virtualNetworks.list(rg)),
    all(n.publicIPAddresses.list(rg)),
    all(n.networkSecurityGroups.list(rg)),
    all(n.networkInterfaces.list(rg)),
    all(n.virtualNetworkGateways.list(rg)),
    all(n.localNetworkGateways.list(rg)),
    all(n.virtualNetworkGatewayConnections.list(rg)),
    all(n.virtualHubs.listByResourceGroup(rg)),
    all(t.compute.virtualMachines.list(rg)),
  ]);
  const hub = input.routeServerName ? hubs.find((h) => h.name?.toLowerCase() === input.routeServerName!.toLowerCase()) : undefined;
  const [ipConfigs, peerings] = hub
    ? await Promise.all([all(n.virtualHubIpConfiguration.list(rg, hub.name!)), all(n.virtualHubBgpConnections.list(rg, hub.name!))])
    : [[], []];
  const resources: ReadInventoryOutput["resources"] = [];
  const add = (kind: keyof typeof TYPE_OF, list: Array<Record<string, any>>) => {
    for (const r of list) {
      const model: Record<string, any> = { ...r, type: TYPE_OF[kind]! };
      delete model.sharedKey; // a connection's PSK: never into history
      if (model.osProfile) {
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
        const view = await t.compute.virtualMachines.instanceView(rg, vm.name!);
        const code = (view.statuses ?? []).map((s) => s.code ?? "").find((c) => c.startsWith("PowerState/"));
        powerStates[String(vm.id).toLowerCase()] = code?.slice("PowerState/".length) ?? "unknown";
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }),
  );
  return { subscriptionId: t.subscriptionId, resources, powerStates };
}
