// The parts of Azure's request validation that matter to Bowtie: malformed
// bodies, references to missing resources, custom APIPA outside the
// gateway's range, NIC addresses outside their subnet, subnets still in use.
// Codes from ARM-FACTS §3.1.
import { badRequest } from "./errors.js";
import { inPrefix, reservedInSubnet } from "./addresses.js";
import { resourceGroupOf, type ArmStore } from "./store.js";

const lower = (s: string) => s.toLowerCase();
const TRACKED_WITHOUT_LOCATION_OK = /\/(subnets|ipconfigurations|bgpconnections)$/i;

export function validateBody(type: string, body: unknown): asserts body is { location?: string; properties: Record<string, any> } {
  if (!body || typeof body !== "object" || Array.isArray(body)) throw badRequest("InvalidRequestContent", "The request content was invalid and could not be deserialized: the body must be a JSON object.");
  const b = body as Record<string, unknown>;
  if (b.properties !== undefined && (typeof b.properties !== "object" || b.properties === null || Array.isArray(b.properties))) {
    throw badRequest("InvalidRequestFormat", "Cannot parse the request: 'properties' must be an object.");
  }
  if (!TRACKED_WITHOUT_LOCATION_OK.test(type) && typeof b.location !== "string") {
    throw badRequest("LocationRequired", "The location property is required for this definition.");
  }
}

function subnetOf(store: ArmStore, subnetId: string): any | null {
  const vnet = store.get(subnetId.replace(/\/subnets\/[^/]+$/i, ""));
  const name = lower(subnetId.split("/").pop()!);
  return (vnet?.resource.properties.subnets ?? []).find((s: any) => lower(s.name) === name) ?? null;
}

/** Every {id: "/subscriptions/..."} inside the body (and the ipConfigurationId strings) must name something that exists. */
export function validateReferences(store: ArmStore, selfId: string, body: Record<string, any>): void {
  const refs: string[] = [];
  const walk = (v: unknown, depth: number) => {
    if (Array.isArray(v)) return v.forEach((x) => walk(x, depth + 1));
    if (!v || typeof v !== "object") return;
    for (const [k, x] of Object.entries(v)) {
      if (depth > 0 && k === "id" && typeof x === "string" && x.startsWith("/subscriptions/")) refs.push(x);
      else if ((k === "ipConfigurationId" || k === "ipconfigurationId") && typeof x === "string") refs.push(x);
      else walk(x, depth + 1);
    }
  };
  walk(body, 0);
  for (const ref of refs) {
    if (lower(ref).startsWith(`${lower(selfId)}/`) || lower(ref) === lower(selfId)) continue; // the resource's own children
    let ok: boolean;
    if (/\/subnets\/[^/]+$/i.test(ref)) ok = subnetOf(store, ref) !== null;
    else if (/virtualNetworkGateways\/[^/]+\/ipConfigurations\/[^/]+$/i.test(ref)) {
      const gw = store.get(ref.replace(/\/ipConfigurations\/[^/]+$/i, ""));
      ok = !!gw && (gw.resource.properties.ipConfigurations ?? []).some((c: any) => lower(c.name) === lower(ref.split("/").pop()!));
    } else {
      const e = store.get(ref);
      ok = !!e && e.phase !== "Deleting";
    }
    if (!ok) throw badRequest("InvalidResourceReference", `Resource ${ref} referenced by resource ${selfId} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`);
  }
}

const inApipa = (ip: string) => inPrefix("169.254.21.0/24", ip) || inPrefix("169.254.22.0/24", ip);

export function validateApipa(type: string, body: Record<string, any>): void {
  const t = lower(type);
  const bad = (ip: string) =>
    badRequest("InvalidParameter", `Custom BGP IP address ${ip} is invalid: custom APIPA BGP addresses must be in the range 169.254.21.0 to 169.254.22.255.`);
  if (t === "microsoft.network/virtualnetworkgateways") {
    for (const p of body.properties?.bgpSettings?.bgpPeeringAddresses ?? []) for (const ip of p.customBgpIpAddresses ?? []) if (!inApipa(ip)) throw bad(ip);
  }
  if (t === "microsoft.network/connections") {
    for (const g of body.properties?.gatewayCustomBgpIpAddresses ?? []) if (g.customBgpIpAddress && !inApipa(g.customBgpIpAddress)) throw bad(g.customBgpIpAddress);
  }
}

export function validateNicAddresses(store: ArmStore, type: string, body: Record<string, any>): void {
  if (lower(type) !== "microsoft.network/networkinterfaces") return;
  for (const c of body.properties?.ipConfigurations ?? []) {
    const ip = c.properties?.privateIPAddress;
    const subnet = c.properties?.subnet?.id ? subnetOf(store, c.properties.subnet.id) : null;
    const prefix = subnet?.properties?.addressPrefix;
    if (!ip || !prefix) continue;
    if (!inPrefix(prefix, ip)) throw badRequest("PrivateIPAddressNotInSubnet", `Private static IP address ${ip} does not belong to the range of subnet prefix ${prefix}.`);
    if (reservedInSubnet(prefix, ip)) throw badRequest("PrivateIPAddressInReservedRange", `Private static IP address ${ip} falls within reserved IP range of subnet prefix ${prefix}.`);
  }
}

/** Who uses a subnet: NIC, gateway and hub ipConfigurations that reference it. */
export function subnetUsers(store: ArmStore, subnetId: string): string[] {
  const users: string[] = [];
  // Same resource group only: Bowtie never references a subnet across groups.
  for (const e of store.inResourceGroup(resourceGroupOf(subnetId))) {
    const configs = [...(e.resource.properties.ipConfigurations ?? []), ...(/\/ipconfigurations$/i.test(e.resource.type) ? [{ id: e.resource.id, properties: e.resource.properties }] : [])];
    for (const c of configs) if (lower(c?.properties?.subnet?.id ?? "") === lower(subnetId)) users.push(c.id ?? e.resource.id);
  }
  return users;
}

export function inUse(subnetName: string, user: string) {
  return badRequest("InUseSubnetCannotBeDeleted", `Subnet ${subnetName} is in use by ${user} and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet. See aka.ms/deletesubnet.`);
}
