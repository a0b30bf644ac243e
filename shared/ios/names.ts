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
