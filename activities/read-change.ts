// readChange: a deploy's first look at what it is about to change. The
// what-if against live state (read-what-if.ts) for the spec with the
// deployed gateway generation kept when the spec leaves it open (a SKU
// resize stays in place), plus the gateway's deployed custom APIPA lists
// (a change keeps them until the connections that use them are gone).
// Only reads; secrets stripped by listInventory before anything leaves.
import type { ReadChangeInput, ReadChangeOutput } from "./contracts.js";
import { readWhatIfForSpec } from "./read-what-if.js";

export async function readChange(input: ReadChangeInput): Promise<ReadChangeOutput> {
  const read = await readWhatIfForSpec(input.spec);
  return { spec: read.spec, changes: read.changes, deployedApipa: read.deployedApipa };
}
