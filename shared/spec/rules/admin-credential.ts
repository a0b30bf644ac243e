// Azure creates a VM's admin user only with a password or an SSH key
// (Microsoft Learn, Compute "osProfile": a Linux-type image such as the
// Cisco 8000v needs adminPassword or linuxConfiguration.ssh.publicKeys).
import type { Rule } from "../report.js";

export const nvaAdminCredential: Rule = (spec, r) => {
  if (!spec.nvaDefaults.sshPublicKey && !spec.nvaDefaults.adminPasswordSecretName) {
    r.error("$.nvaDefaults", "set sshPublicKey or adminPasswordSecretName: Azure needs one of them to create the NVA's admin user");
  }
};
