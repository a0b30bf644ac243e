// `bowtie plan --state DIR`: what-if against the deployment kept in an
// emulator state folder. Its own module, imported only when --state is given:
// it starts the local stack (Azure SDKs, emulator, Azurite), which plain
// `bowtie plan` must never load.
import { readWhatIf } from "../../activities/read-what-if.js";
import { startLocalStack } from "../../emulator/local-stack.js";
import type { Change } from "../../shared/changes/what-if.js";
import type { Plan } from "../../shared/plan/types.js";

export async function changesAgainstState(plan: Plan, stateDir: string): Promise<Change[]> {
  const stack = await startLocalStack({ stateDir });
  try {
    return (await readWhatIf(plan)).changes;
  } finally {
    await stack.close();
  }
}
