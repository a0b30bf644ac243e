// `bowtie plan --state DIR`: what-if against the deployment kept in an
// emulator state folder. Its own module, imported only when --state is given:
// it starts the local stack (Azure SDKs, emulator, Azurite), which plain
// `bowtie plan` must never load.
import { readWhatIfForSpec } from "../../activities/read-what-if.js";
import { startLocalStack } from "../../emulator/local-stack.js";
import type { Change } from "../../shared/changes/what-if.js";
import type { TopologySpec } from "../../shared/spec/schema.js";

/** The what-if as a deploy would carry it out (the deployed gateway generation kept unless the spec sets one). */
export async function changesAgainstState(spec: TopologySpec, stateDir: string): Promise<Change[]> {
  const stack = await startLocalStack({ stateDir });
  try {
    return (await readWhatIfForSpec(spec)).changes;
  } finally {
    await stack.close();
  }
}
