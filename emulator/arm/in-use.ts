// What Azure refuses to delete (or take away) while something else still
// uses it, so an out-of-order teardown or prune fails here as it would in
// Azure instead of leaving dangling references behind:
// - a NIC attached to a VM: 400 NicInUse;
// - a public IP still allocated to an ipConfiguration (NIC, gateway, Route
//   Server): 400 PublicIPAddressCannotBeDeleted;
// - a local network gateway a connection names: 400
//   InUseLocalNetworkGatewayCannotBeDeleted (the network RP's
//   InUse<Type>CannotBeDeleted pattern, as for subnets and NSGs; the exact
//   code for this type is UNCONFIRMED);
// - a gateway update that drops a custom APIPA address a connection's
//   gatewayCustomBgpIpAddresses still names: 400
//   GatewayCustomBgpIpAddressInUse (UNCONFIRMED code; Azure validates the
//   connection's addresses against the gateway's lists, so removing one under
//   a live connection is refused).
// A user is anything stored, mid-deletion included: Azure holds the
// reference until the user's own delete has completed.
import { badRequest } from "./errors.js";
import { resourceGroupOf, type ArmStore, type Entry } from "./store.js";

const lower = (s: string) => s.toLowerCase();
const same = (a: unknown, b: string) => typeof a === "string" && lower(a) === lower(b);

function inGroup(store: ArmStore, id: string, type: string): Entry[] {
  return store.ofType(type, resourceGroupOf(id));
}

/** The ipConfiguration ids (NIC, gateway, Route Server) that hold this public IP. */
function publicIpUsers(store: ArmStore, pipId: string): string[] {
  const users: string[] = [];
  for (const e of store.inResourceGroup(resourceGroupOf(pipId))) {
    const own = /\/ipconfigurations$/i.test(e.resource.type) ? [{ id: e.resource.id, properties: e.resource.properties }] : [];
    for (const c of [...(e.resource.properties.ipConfigurations ?? []), ...own]) {
      if (same(c?.properties?.publicIPAddress?.id, pipId)) users.push(c.id ?? e.resource.id);
    }
  }
  return users;
}

/** Refuse a DELETE of `entry` while another resource still uses it. */
export function checkDeleteInUse(store: ArmStore, entry: Entry): void {
  const { id, type } = entry.resource;
  const t = lower(type);
  if (t === "microsoft.network/networkinterfaces") {
    const vm = inGroup(store, id, "Microsoft.Compute/virtualMachines").find((v) => (v.resource.properties.networkProfile?.networkInterfaces ?? []).some((n: any) => same(n?.id, id)));
    if (vm) {
      throw badRequest("NicInUse", `Network Interface ${id} is used by existing resource ${vm.resource.id}. In order to delete the network interface, it must be dissociated from the resource. To learn more, see aka.ms/deletenic.`);
    }
  }
  if (t === "microsoft.network/publicipaddresses") {
    const user = publicIpUsers(store, id)[0];
    if (user) {
      throw badRequest("PublicIPAddressCannotBeDeleted", `Public IP address ${id} can not be deleted since it is still allocated to resource ${user}. In order to delete the public IP, disassociate/detach the Public IP address from the resource. To learn how to do this, see aka.ms/deletepublicip.`);
    }
  }
  if (t === "microsoft.network/localnetworkgateways") {
    const con = inGroup(store, id, "Microsoft.Network/connections").find((c) => same(c.resource.properties.localNetworkGateway2?.id, id));
    if (con) {
      throw badRequest("InUseLocalNetworkGatewayCannotBeDeleted", `Local network gateway ${id} cannot be deleted because it is in use by connection ${con.resource.id}. In order to delete the local network gateway, delete the connection first.`);
    }
  }
}

/** Custom APIPA addresses per gateway ipConfiguration (lower-case id → addresses) in a gateway body. */
function customApipa(properties: Record<string, any>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const p of properties.bgpSettings?.bgpPeeringAddresses ?? []) {
    const cfg = p?.ipconfigurationId ?? p?.ipConfigurationId;
    if (typeof cfg === "string") out.set(lower(cfg), new Set(p.customBgpIpAddresses ?? []));
  }
  return out;
}

/** Refuse a gateway PUT that removes a custom APIPA address a connection on the gateway still uses. */
export function checkApipaInUse(store: ArmStore, existing: Entry, properties: Record<string, any>): void {
  const before = customApipa(existing.resource.properties);
  const after = customApipa(properties);
  const gatewayId = existing.resource.id;
  for (const con of inGroup(store, gatewayId, "Microsoft.Network/connections")) {
    if (!same(con.resource.properties.virtualNetworkGateway1?.id, gatewayId)) continue;
    for (const g of con.resource.properties.gatewayCustomBgpIpAddresses ?? []) {
      const cfg = lower(String(g?.ipConfigurationId ?? ""));
      const ip = g?.customBgpIpAddress;
      if (!before.get(cfg)?.has(ip) || after.get(cfg)?.has(ip)) continue;
      throw badRequest(
        "GatewayCustomBgpIpAddressInUse",
        `Custom BGP IP address ${ip} of ${g.ipConfigurationId} cannot be removed from virtual network gateway ${gatewayId}: it is used by connection ${con.resource.id}. Remove it from the connection's gatewayCustomBgpIpAddresses, or delete the connection, first.`,
      );
    }
  }
}
