// With pskMode perConnection each connection's PSK lives in the secret
// <pskSecretName>-<nva name> (resolveTopology). Key Vault secret names are
// 1-127 letters, digits and '-' (Microsoft Learn, "Naming rules and
// restrictions for Azure resources", Microsoft.KeyVault/vaults/secrets); the
// NVA name's alphabet already fits, so only the length can break.
import type { Rule } from "../report.js";

export const KEY_VAULT_SECRET_NAME_MAX = 127;

export const perConnectionSecretNames: Rule = (spec, r) => {
  if (spec.keyVault.pskMode !== "perConnection") return;
  spec.nvas.forEach((n, i) => {
    const name = `${spec.keyVault.pskSecretName}-${n.name}`;
    if (name.length > KEY_VAULT_SECRET_NAME_MAX) {
      r.error(
        `$.nvas[${i}].name`,
        `the per-connection PSK secret name <keyVault.pskSecretName>-<nva name> has ${name.length} characters; Key Vault allows ${KEY_VAULT_SECRET_NAME_MAX}`,
        n.name,
      );
    }
  });
};
