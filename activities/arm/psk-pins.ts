// The PSK version a resource is written with: the one its NVA holds, as the
// deployment record pins it (shared/psk/psk-versions.ts). Read inside the
// activity that writes the VM or the connection, so every path that writes
// one (deploy, remediation, a change, a rotation) fills both sides of a
// tunnel with the same key, and remediation never "repairs" a connection to
// a newer Key Vault version its NVA does not have.
//
// The first write of an NVA pins the version that is latest then; the pin is
// taken with an ETag-conditional write, so of a VM and a connection written
// at once, both end up with the version that won. Only a rotation moves a
// pin (activities/rotation/), while that NVA's VM and connection are gone.
import { resolveTopology } from "../../shared/plan/topology.js";
import { pinnedVersion, pskOwner, type PskOwner } from "../../shared/psk/psk-versions.js";
import type { AzureTarget } from "../azure-target.js";

/** For one resource: the version of a PSK secret to read (null: latest, for a secret that is not this NVA's PSK). */
export type PskVersionOf = (secretName: string) => Promise<string | null>;

/** The id of a secret's latest Key Vault version (its value is read and dropped here). */
export async function latestVersion(target: AzureTarget, vaultUrl: string, secretName: string): Promise<string> {
  const secret = await target.secrets(vaultUrl).getSecret(secretName);
  const version = secret.properties.version;
  if (!version) throw new Error(`Key Vault secret ${secretName} has no version id`);
  return version;
}

/**
 * The pinned-version lookup for a resource of a deployment, or null when the
 * resource carries no NVA's PSK or the deployment has no record (a bare
 * apply outside any operation reads the latest, as before).
 */
export async function pskVersionsFor(
  target: AzureTarget,
  deployment: string,
  resource: { type: string; name: string },
  vaultUrl: string,
  /** Whose PSK, by the plan the run applies; without it, by the recorded spec. */
  given?: PskOwner,
): Promise<PskVersionOf | null> {
  if (resource.type !== "Microsoft.Compute/virtualMachines" && resource.type !== "Microsoft.Network/connections") return null;
  const record = await target.registry.get(deployment);
  if (!record) return null;
  const owner = given ?? pskOwner(resolveTopology(record.spec), resource);
  if (!owner) return null;
  return async (secretName) => {
    if (secretName !== owner.secretName) return null;
    const pinned = pinnedVersion(record.pskVersions, owner.nva, secretName);
    if (pinned) return pinned;
    // Not pinned yet (its first write, or a record from before pins): pin what is latest now, unless someone pinned first.
    const latest = await latestVersion(target, vaultUrl, secretName);
    const written = await target.registry.mutate(deployment, (current) =>
      pinnedVersion(current.pskVersions, owner.nva, secretName) ? null : { ...current, pskVersions: { ...current.pskVersions, [owner.nva]: { secretName, version: latest } } },
    );
    if (written) return latest;
    const winner = pinnedVersion((await target.registry.get(deployment))?.pskVersions, owner.nva, secretName);
    if (!winner) throw new Error(`deployment ${deployment}: could not pin the PSK version of ${owner.nva}`);
    return winner;
  };
}
