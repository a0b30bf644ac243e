// One table from plan resource type to the SDK operation group that writes,
// reads and deletes it. Writes are started, not awaited: the activity returns
// once Azure accepted the request (poller.submitted()), and the orchestration
// polls the provisioning state with durable timers.
import type { PlannedResource, ResourceType } from "../../shared/plan/types.js";
import type { AzureTarget } from "../azure-target.js";
import { operationOf, type SerializablePoller } from "./lro-operation.js";
import { parseResourceId, type ResourceIdParts } from "./resource-id.js";

/** The part of an SDK poller the activities use. */
interface Submittable extends SerializablePoller {
  submitted(): Promise<void>;
}

interface TypeOps {
  put(t: AzureTarget, p: ResourceIdParts, model: any): Submittable;
  get(t: AzureTarget, p: ResourceIdParts): Promise<Record<string, any>>;
  remove(t: AzureTarget, p: ResourceIdParts): Submittable;
}

/** Operation groups addressed as (resourceGroup, name). */
interface TopLevelGroup {
  createOrUpdate(rg: string, name: string, model: any): Submittable;
  get(rg: string, name: string): Promise<any>;
  delete(rg: string, name: string): Submittable;
}

/** Operation groups of hub children, addressed as (resourceGroup, hub, name). */
interface ChildGroup {
  createOrUpdate(rg: string, hub: string, name: string, model: any): Submittable;
  get(rg: string, hub: string, name: string): Promise<any>;
  delete(rg: string, hub: string, name: string): Submittable;
}

function topLevel(group: (t: AzureTarget) => TopLevelGroup): TypeOps {
  return {
    put: (t, p, model) => group(t).createOrUpdate(p.resourceGroup, p.name, model),
    get: (t, p) => group(t).get(p.resourceGroup, p.name),
    remove: (t, p) => group(t).delete(p.resourceGroup, p.name),
  };
}

function hubChild(group: (t: AzureTarget) => ChildGroup): TypeOps {
  const child = (p: ResourceIdParts) => {
    if (!p.childName) throw new Error(`expected a virtual hub child id, got resource ${p.name}`);
    return p.childName;
  };
  return {
    put: (t, p, model) => group(t).createOrUpdate(p.resourceGroup, p.name, child(p), model),
    get: (t, p) => group(t).get(p.resourceGroup, p.name, child(p)),
    remove: (t, p) => group(t).delete(p.resourceGroup, p.name, child(p)),
  };
}

const OPS: Record<ResourceType, TypeOps> = {
  "Microsoft.Network/virtualNetworks": topLevel((t) => t.network.virtualNetworks),
  "Microsoft.Network/publicIPAddresses": topLevel((t) => t.network.publicIPAddresses),
  "Microsoft.Network/networkSecurityGroups": topLevel((t) => t.network.networkSecurityGroups),
  "Microsoft.Network/networkInterfaces": topLevel((t) => t.network.networkInterfaces),
  "Microsoft.Network/virtualNetworkGateways": topLevel((t) => t.network.virtualNetworkGateways),
  "Microsoft.Network/localNetworkGateways": topLevel((t) => t.network.localNetworkGateways),
  "Microsoft.Network/connections": topLevel((t) => t.network.virtualNetworkGatewayConnections),
  "Microsoft.Network/virtualHubs": topLevel((t) => t.network.virtualHubs),
  "Microsoft.Network/virtualHubs/ipConfigurations": hubChild((t) => t.network.virtualHubIpConfiguration),
  "Microsoft.Network/virtualHubs/bgpConnections": hubChild((t) => t.network.virtualHubBgpConnection),
  "Microsoft.Compute/virtualMachines": topLevel((t) => t.compute.virtualMachines),
};

export function opsFor(resource: Pick<PlannedResource, "type" | "id">, subscriptionId: string) {
  const parts = parseResourceId(resource.id.replace("{{subscriptionId}}", subscriptionId));
  const ops = OPS[resource.type];
  return {
    parts,
    /** Start the PUT; resolves once Azure accepted it, with the URL that monitors the operation. */
    put: async (t: AzureTarget, model: Record<string, unknown>) => {
      const poller = ops.put(t, parts, model);
      await poller.submitted();
      return operationOf(poller);
    },
    get: (t: AzureTarget) => ops.get(t, parts),
    /** Start the DELETE; resolves once Azure accepted it. */
    remove: async (t: AzureTarget) => ops.remove(t, parts).submitted(),
  };
}
