// One Cisco Catalyst 8000v VM per NVA.
import { renderNvaConfig } from "../../ios/render.js";
import { slot } from "../placeholder-slots.js";
import { CONFIG_HASH_TAG, configHash } from "./config-hash.js";
import type { NvaPlan, PlannedResource, Topology } from "../types.js";
import { ids } from "./ids.js";
import { planned, ref } from "./resource.js";

const OS_DISK_TYPE = "StandardSSD_LRS";

// Credentials. The admin user is the IOS XE privilege-15 user Azure
// provisions from adminUsername and adminPassword / the SSH key.
// - An SSH key given: SSH takes the key only (disablePasswordAuthentication),
//   even when a password is also set; the password then stays the login of
//   the serial console (boot diagnostics are on), the way in when the
//   network config is broken.
// - Only a password: it is the one credential, and Azure will not disable
//   password authentication without a key (linuxConfiguration needs
//   ssh.publicKeys then), so SSH keeps it. Reaching SSH at all is limited by
//   the NSGs: the outside NSG admits IKE/ESP from the gateway only, the
//   inside one the provider networks. Give a key to close password SSH.
function osProfile(topo: Topology, nva: NvaPlan): Record<string, unknown> {
  const { username, sshPublicKey, passwordSecretName } = topo.admin;
  if (!sshPublicKey && !passwordSecretName) {
    throw new Error(`NVA ${nva.name}: neither an SSH public key nor an admin password secret is configured`);
  }
  return {
    computerName: nva.name,
    adminUsername: username,
    // The day-0 IOS XE config; filled (base64) at apply time because it
    // embeds the gateway and Route Server addresses. It cannot change later.
    customData: slot.customData(nva.name),
    ...(passwordSecretName ? { adminPassword: slot.secret(passwordSecretName) } : {}),
    ...(sshPublicKey
      ? {
          linuxConfiguration: {
            disablePasswordAuthentication: true,
            ssh: { publicKeys: [{ path: `/home/${username}/.ssh/authorized_keys`, keyData: sshPublicKey }] },
          },
        }
      : {}),
  };
}

export function nvaVm(topo: Topology, nva: NvaPlan): PlannedResource {
  const outsideNicId = ids.nic(topo, nva.outsideNicName);
  const insideNicId = ids.nic(topo, nva.insideNicName);
  const dependsOn = [
    // Referenced by the body.
    outsideNicId,
    insideNicId,
    // customData is the day-0 config, rendered with the gateway instances' public
    // addresses (tunnel destinations) ...
    ...topo.gateway.instances.map((i) => ids.publicIp(topo, i.publicIpName)),
    // ... and with Route Server's virtualRouterIps (BGP neighbors), known once
    // its ipConfiguration has succeeded.
    ...(topo.routeServer
      ? [ids.hubIpConfig(topo, topo.routeServer.name, topo.routeServer.ipConfigName)]
      : []),
  ];
  const { publisher, offer, sku, version } = nva.image;
  return planned("Microsoft.Compute/virtualMachines", ids.vm(topo, nva.name), dependsOn, {
    location: topo.location,
    // The day-0 config's hash: what-if reads it back to tell a replace (config-hash.ts).
    tags: { ...topo.tags, [CONFIG_HASH_TAG]: configHash(renderNvaConfig(topo, nva.name)) },
    // Marketplace image with purchase terms: ARM rejects the VM without its plan.
    plan: { name: sku, publisher, product: offer },
    ...(nva.zone ? { zones: [nva.zone] } : {}),
    properties: {
      hardwareProfile: { vmSize: nva.vmSize },
      storageProfile: {
        imageReference: { publisher, offer, sku, version },
        osDisk: { createOption: "FromImage", managedDisk: { storageAccountType: OS_DISK_TYPE }, deleteOption: "Delete" },
      },
      osProfile: osProfile(topo, nva),
      networkProfile: {
        // Order is the guest's interface order: the first (primary) NIC is
        // GigabitEthernet1, which carries the public IP and sources the tunnels;
        // the second is GigabitEthernet2, toward Route Server.
        networkInterfaces: [
          { ...ref(outsideNicId), properties: { primary: true } },
          { ...ref(insideNicId), properties: { primary: false } },
        ],
      },
      // Managed boot diagnostics (no storage account): the serial console is
      // the only way into an NVA whose day-0 config broke its network.
      diagnosticsProfile: { bootDiagnostics: { enabled: true } },
    },
  });
}

export function virtualMachines(topo: Topology): PlannedResource[] {
  return topo.nvas.map((n) => nvaVm(topo, n));
}
