// endPskRotation: every NVA holds its target version; the rotation record is
// cleared, so the next rotation makes new versions instead of resuming.
import type { EndPskRotationInput } from "../contracts.js";
import { azureTarget } from "../azure-target.js";

export async function endPskRotation(input: EndPskRotationInput): Promise<{ cleared: boolean }> {
  const written = await azureTarget().registry.mutate(input.deployment, (current) => {
    if (!current.pskRotation) return null;
    const { pskRotation: _done, ...rest } = current;
    return rest;
  });
  return { cleared: written !== null };
}
