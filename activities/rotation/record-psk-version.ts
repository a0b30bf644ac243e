// recordPskVersion: move one NVA's pin to a new PSK version. The rotation
// calls it only while that NVA's VM and connection are gone (drained and
// deleted, not yet re-created), so at no moment does a pin name a version
// one side of a live tunnel does not hold: whatever writes them next (this
// rotation, a resumed one, a remediation) writes both with it.
import type { RecordPskVersionInput } from "../contracts.js";
import { azureTarget } from "../azure-target.js";

export async function recordPskVersion(input: RecordPskVersionInput): Promise<{ recorded: boolean }> {
  const { nva, secretName, to } = input.step;
  const written = await azureTarget().registry.mutate(input.deployment, (current) => ({
    ...current,
    pskVersions: { ...current.pskVersions, [nva]: { secretName, version: to } },
  }));
  return { recorded: written !== null };
}
