// One NVA as the network sees it: the VM, its NICs in order (the first NIC
// is GigabitEthernet1, the second GigabitEthernet2, ...), its power state and
// the IOS configuration it booted with, applied on top of the c8000v image's
// factory settings.
import { ForwardingTable, type ImplicitRoute, type InterfaceState } from "./ios/forwarding.js";
import { gigabitEthernetNumber, isTunnelInterface } from "./ios/interface-names.js";
import { parseCustomData, parseIosConfig } from "./ios/parse.js";
import type { IosConfig } from "./ios/types.js";
import { idKey, Inventory, isSucceeded } from "./inventory.js";
import { parseCidr, parseIpv4, prefixOf, formatIpv4, type Prefix } from "./ipv4.js";
import type { NetworkInputs, StoredResource } from "./types.js";

/**
 * What a Catalyst 8000v from the Azure Marketplace has before its day-0
 * configuration: GigabitEthernet1 (the primary NIC) takes its address from
 * Azure DHCP, which also hands it a default route via the subnet's gateway.
 * Other GigabitEthernets have no address and stay shut until configured.
 */
const C8000V_FACTORY_CONFIG = ["interface GigabitEthernet1", " ip address dhcp", " no shutdown"].join("\n");

/** Administrative distance IOS gives a DHCP-learned default route. */
const DHCP_DEFAULT_ROUTE_DISTANCE = 254;

export interface NvaNic {
  nic: StoredResource;
  /** GigabitEthernet<position in the VM's NIC list + 1>. */
  interfaceName: string;
  privateIp?: string;
  publicIp?: string;
  subnetId?: string;
  subnetPrefix?: Prefix;
  /** NSGs a packet arriving on this NIC passes: the subnet's first, then the NIC's. */
  nsgIds: string[];
  vnetPrefixes: string[];
}

export interface Nva {
  vm: StoredResource;
  vmId: string;
  name: string;
  running: boolean;
  /** Why the router is not forwarding anything (stopped, deallocated, still provisioning). */
  notRunningReason?: string;
  nics: NvaNic[];
  /** null when the VM has no customData. */
  config: IosConfig | null;
}

export function buildNvas(inventory: Inventory, inputs: NetworkInputs): Nva[] {
  return inventory.ofType("Microsoft.Compute/virtualMachines").map((vm) => buildNva(inventory, vm, inputs));
}

function buildNva(inventory: Inventory, vm: StoredResource, inputs: NetworkInputs): Nva {
  const powerState = inputs.powerStates[idKey(vm.id)] ?? "running";
  let notRunningReason: string | undefined;
  if (!isSucceeded(vm)) notRunningReason = `${vm.name} is ${vm.properties.provisioningState} (not yet booted)`;
  else if (powerState !== "running") notRunningReason = `${vm.name} is ${powerState}`;

  const nicRefs: unknown[] = Array.isArray(vm.properties?.networkProfile?.networkInterfaces) ? vm.properties.networkProfile.networkInterfaces : [];
  const nics: NvaNic[] = [];
  nicRefs.forEach((ref, index) => {
    const nic = inventory.get((ref as { id?: unknown })?.id);
    if (!nic) return;
    const ipConfigs: any[] = Array.isArray(nic.properties?.ipConfigurations) ? nic.properties.ipConfigurations : [];
    const primary = ipConfigs.find((c) => c?.properties?.primary) ?? ipConfigs[0];
    const subnetId: string | undefined = primary?.properties?.subnet?.id;
    const subnet = inventory.get(subnetId);
    const subnetPrefix = inventory.subnetPrefixes(subnetId).map(parseCidr).find((p): p is Prefix => p !== null);
    const nsgIds = [subnet?.properties?.networkSecurityGroup?.id, nic.properties?.networkSecurityGroup?.id].filter(
      (x): x is string => typeof x === "string",
    );
    const publicIp = inventory.publicIpAddress(primary?.properties?.publicIPAddress);
    const privateIp = primary?.properties?.privateIPAddress;
    nics.push({
      nic,
      interfaceName: `GigabitEthernet${index + 1}`,
      ...(typeof privateIp === "string" ? { privateIp } : {}),
      ...(publicIp ? { publicIp } : {}),
      ...(subnetId ? { subnetId } : {}),
      ...(subnetPrefix ? { subnetPrefix } : {}),
      nsgIds,
      vnetPrefixes: inventory.vnetAddressSpace(inventory.vnetOfSubnet(subnetId)),
    });
  });

  const customData = vm.properties?.osProfile?.customData;
  const config = typeof customData === "string" && customData.length > 0 ? parseCustomData(customData, parseIosConfig(C8000V_FACTORY_CONFIG)) : null;
  return { vm, vmId: vm.id, name: vm.name, running: notRunningReason === undefined, ...(notRunningReason ? { notRunningReason } : {}), nics, config };
}

/** The NVA and NIC whose public IP is `address`. */
export function findNvaByPublicIp(nvas: Nva[], address: string): { nva: Nva; nic: NvaNic } | undefined {
  for (const nva of nvas) for (const nic of nva.nics) if (nic.publicIp === address) return { nva, nic };
  return undefined;
}

export function findNvaByPrivateIp(nvas: Nva[], address: string): { nva: Nva; nic: NvaNic } | undefined {
  for (const nva of nvas) for (const nic of nva.nics) if (nic.privateIp === address) return { nva, nic };
  return undefined;
}

export function nicForInterface(nva: Nva, name: string): NvaNic | undefined {
  return nva.nics.find((n) => n.interfaceName === name);
}

/** True when the interface exists on this VM: GigabitEthernets only as far as it has NICs. */
export function interfaceExists(nva: Nva, name: string): boolean {
  const gi = gigabitEthernetNumber(name);
  if (gi !== null) return gi >= 1 && gi <= nva.nics.length;
  if (name.startsWith("GigabitEthernet")) return false; // subinterfaces are not modelled
  return nva.config?.interfaces.has(name) ?? false;
}

/** The physical interfaces' range as an engineer would say it: "GigabitEthernet1-2". */
export function physicalInterfaceRange(nva: Nva): string {
  return nva.nics.length === 1 ? "GigabitEthernet1" : `GigabitEthernet1-${nva.nics.length}`;
}

/**
 * The state of every interface that exists on the router. Tunnel interfaces
 * (IPsec VTIs) have line protocol up only while their IPsec SA is up, which
 * `tunnelUp` reports.
 */
export function interfaceStates(nva: Nva, tunnelUp: (name: string) => boolean): InterfaceState[] {
  const config = nva.config;
  if (!config) return [];
  const states = new Map<string, InterfaceState>();
  for (const nic of nva.nics) {
    const iface = config.interfaces.get(nic.interfaceName);
    // A physical interface the configuration never mentions, or never says
    // `no shutdown` to, stays administratively down (the factory setting).
    const up = iface?.shutdown === false;
    let address: InterfaceState["address"];
    if (iface?.address) address = { ip: iface.address.ip, length: iface.address.length };
    else if (iface?.dhcp && nic.privateIp) address = { ip: nic.privateIp, length: nic.subnetPrefix?.length ?? 24 };
    states.set(nic.interfaceName, { name: nic.interfaceName, up, ...(address ? { address } : {}) });
  }
  for (const iface of config.interfaces.values()) {
    if (iface.name.startsWith("GigabitEthernet")) continue;
    // Loopbacks and tunnels are created administratively up.
    let up = iface.shutdown !== true;
    if (isTunnelInterface(iface.name)) up = up && tunnelUp(iface.name);
    const address = iface.address ? { ip: iface.address.ip, length: iface.address.length } : undefined;
    states.set(iface.name, { name: iface.name, up, ...(address ? { address } : {}) });
  }
  // Unnumbered interfaces borrow the address of the interface they name.
  for (const iface of config.interfaces.values()) {
    if (!iface.unnumbered) continue;
    const state = states.get(iface.name);
    const lender = states.get(iface.unnumbered)?.address;
    if (state && lender) {
      state.address = { ip: lender.ip, length: 32 };
      state.unnumbered = true;
    }
  }
  return [...states.values()];
}

export function forwardingTable(nva: Nva, states: InterfaceState[]): ForwardingTable {
  const implicit: ImplicitRoute[] = [];
  const primary = nva.nics[0];
  const gi1 = nva.config?.interfaces.get("GigabitEthernet1");
  const gi1State = states.find((s) => s.name === "GigabitEthernet1");
  if (primary?.subnetPrefix && gi1?.dhcp && gi1State?.up) {
    // Azure's DHCP answer names the subnet's first host address as router.
    const gateway = formatIpv4(primary.subnetPrefix.network + 1);
    implicit.push({ prefix: prefixOf(0, 0), interface: "GigabitEthernet1", nextHop: gateway, distance: DHCP_DEFAULT_ROUTE_DISTANCE, origin: `DHCP default route via ${gateway} (GigabitEthernet1)` });
  }
  return new ForwardingTable(states, nva.config?.staticRoutes ?? [], implicit);
}

/** The up interface whose own (not borrowed) address is `ip`. */
export function interfaceHolding(states: InterfaceState[], ip: string): InterfaceState | undefined {
  return states.find((s) => s.address?.ip === ip && !s.unnumbered);
}

export function isAddress(text: string | undefined): text is string {
  return text !== undefined && parseIpv4(text) !== null;
}
