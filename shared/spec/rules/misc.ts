// Rules that tie single fields to Azure facts.
import { OWNERSHIP_TAG } from "../../plan/types.js";
import type { Rule } from "../report.js";

// Microsoft Learn "About VPN Gateway SKUs": VpnGw1AZ is offered as Generation1 only.
export const gatewayGeneration: Rule = (spec, r) => {
  if (spec.gateway.sku === "VpnGw1AZ" && spec.gateway.generation === "Generation2") {
    r.error("$.gateway.generation", "VpnGw1AZ exists as Generation1 only", spec.gateway.generation);
  }
};

// Azure requires an admin password or an SSH key for a Linux-type image such as the Cisco 8000v.
export const nvaAdminCredential: Rule = (spec, r) => {
  if (!spec.nvaDefaults.sshPublicKey && !spec.nvaDefaults.adminPasswordSecretName) {
    r.error("$.nvaDefaults", "set sshPublicKey or adminPasswordSecretName: Azure needs one to create the NVA's admin user");
  }
};

// Key Vault secret names are at most 127 characters.
export const perConnectionSecretNames: Rule = (spec, r) => {
  if (spec.keyVault.pskMode !== "perConnection") return;
  spec.nvas.forEach((n, i) => {
    const name = `${spec.keyVault.pskSecretName}-${n.name}`;
    if (name.length > 127) r.error(`$.nvas[${i}].name`, `the per-connection PSK secret ${name.slice(0, 40)}… would exceed Key Vault's 127 characters`, n.name);
  });
};

export const ownershipTagReserved: Rule = (spec, r) => {
  if (OWNERSHIP_TAG in spec.tags) r.error(`$.tags["${OWNERSHIP_TAG}"]`, `the tag ${OWNERSHIP_TAG} is Bowtie's ownership tag and is set from the deployment name`, spec.tags[OWNERSHIP_TAG]);
};
