// Prefix arithmetic the configuration needs, on ipaddr.js.
import ipaddr from "ipaddr.js";

/** "10.10.1.0/24" -> ["10.10.1.0", "255.255.255.0"] (the network address, even if the prefix was written with host bits). */
export function networkAndMask(cidr: string): [string, string] {
  const [addr, len] = ipaddr.IPv4.parseCIDR(cidr);
  return [ipaddr.IPv4.networkAddressFromCIDR(`${addr.toString()}/${len}`).toString(), ipaddr.IPv4.subnetMaskFromPrefixLength(len).toString()];
}

export function maskOf(cidr: string): string {
  return networkAndMask(cidr)[1];
}

/** Azure's default gateway of a subnet: its first host address (Azure reserves .1 for it). */
export function azureSubnetGateway(cidr: string): string {
  const bytes = ipaddr.IPv4.parse(networkAndMask(cidr)[0]).toByteArray();
  bytes[3]! += 1;
  return ipaddr.fromByteArray(bytes).toString();
}
