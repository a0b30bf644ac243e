// The local stack `bowtie dashboard` runs over a state folder: the emulator
// and tables `bowtie deploy --state` left, each deployment's vault reachable,
// and the clock moved past everything already recorded. One place, so the
// tests drive the very stack the command serves.
import { startLocalStack, type LocalStack } from "../../emulator/local-stack.js";
import type { DeploymentRecord } from "../../shared/storage/deployment-registry.js";

export async function openLab(dir: string): Promise<{ stack: LocalStack; records: DeploymentRecord[] }> {
  // A long fleet of remediations in a long session: the breaker is there for Azure, not for a lab on a laptop.
  const stack = await startLocalStack({ stateDir: dir, maxRemediationsPerHour: 50 });
  try {
    const records = await stack.registry.list();
    // The vaults the state folder holds must be reachable by the activities (their secrets stay as they are).
    for (const r of records) await stack.seedSecrets(r.spec);
    // The folder's clock resumes past every earlier run (emulator/saved-clock.ts), but a folder an older
    // bowtie made has no clock file and starts at 2030-01-01 again: move it past everything already recorded.
    const latest = Math.max(...records.map((r) => Date.parse(r.updatedAt)).filter(Number.isFinite), stack.clock.now());
    stack.clock.advanceTo(latest + 60_000);
    return { stack, records };
  } catch (e) {
    await stack.close();
    throw e;
  }
}
