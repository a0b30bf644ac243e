// Interface and object names used across the configuration. The outside NIC
// is the VM's first (primary) NIC, which IOS XE on Azure calls
// GigabitEthernet1; the inside NIC is the second, GigabitEthernet2.
export const OUTSIDE_IF = "GigabitEthernet1";
export const INSIDE_IF = "GigabitEthernet2";
export const LOOPBACK_IF = "Loopback0";

export const CRYPTO = {
  proposal: "AZURE-IKEV2-PROPOSAL",
  policy: "AZURE-IKEV2-POLICY",
  keyring: "AZURE-KEYRING",
  ikeProfile: "AZURE-IKEV2-PROFILE",
  transformSet: "AZURE-IPSEC-TS",
  ipsecProfile: "AZURE-IPSEC-PROFILE",
  keyringPeer: (instance: 0 | 1) => `azure-gw-instance-${instance}`,
};

/** Prefix lists and route maps of the BGP policy (sections/bgp-policy.ts). */
export const BGP_POLICY = {
  toGatewayList: "PL-TO-GATEWAY",
  toRouteServerList: "PL-TO-ROUTESERVER",
  hostRoutesList: "PL-HOST-ROUTES",
  toGatewayMap: "RM-TO-GATEWAY",
  toRouteServerMap: "RM-TO-ROUTESERVER",
  fallOverMap: "RM-BGP-PEER-HOST",
};

/** Azure's DNS (the platform's virtual public IP), which DHCP would have given the outside interface. */
export const AZURE_DNS = "168.63.129.16";
