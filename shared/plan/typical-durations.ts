// How long Azure typically takes to provision each resource type, in seconds.
// The deploy orchestration plans its status polls around these (first poll
// shortly before the typical end, then a tight interval) and gives each type
// a deadline; the emulator's default provisioning times and the bench use the
// same table so the three agree.
// Sources: Microsoft Learn — VPN gateway creation "45 minutes or more" (vpn-gateway
// tutorial-create-gateway-portal; ~25-40 min observed for VpnGw1AZ), Route Server
// "about 20 minutes" (route-server quickstart-configure-route-server-portal),
// VM creation a few minutes; the rest complete in seconds.
import type { ResourceType } from "./types.js";

export const TYPICAL_SECONDS: Record<ResourceType, number> = {
  "Microsoft.Network/virtualNetworks": 10,
  "Microsoft.Network/publicIPAddresses": 5,
  "Microsoft.Network/networkSecurityGroups": 5,
  "Microsoft.Network/networkInterfaces": 5,
  "Microsoft.Network/localNetworkGateways": 15,
  "Microsoft.Network/virtualNetworkGateways": 35 * 60,
  "Microsoft.Network/connections": 120,
  "Microsoft.Network/virtualHubs": 120,
  "Microsoft.Network/virtualHubs/ipConfigurations": 18 * 60,
  "Microsoft.Network/virtualHubs/bgpConnections": 60,
  "Microsoft.Compute/virtualMachines": 4 * 60,
};

/** Give up on a resource that is still provisioning after this long. */
export function deadlineSeconds(type: ResourceType): number {
  return Math.max(15 * 60, 3 * TYPICAL_SECONDS[type]);
}
