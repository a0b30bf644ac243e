// The POST actions Azure runs as long-running operations whose result is
// fetched afterwards (ARM-FACTS §2, FLEET-HEALTH §1.1): a gateway's BGP peer
// status and route listings, a Route Server peering's route listings.
const PROBES: Array<[RegExp, Set<string>]> = [
  [/^microsoft\.network\/virtualnetworkgateways$/i, new Set(["getbgppeerstatus", "getlearnedroutes", "getadvertisedroutes"])],
  [/^microsoft\.network\/virtualhubs\/bgpconnections$/i, new Set(["learnedroutes", "advertisedroutes"])],
];

export function isProbe(type: string, action: string[]): boolean {
  const name = action.join("/").toLowerCase();
  return PROBES.some(([t, names]) => t.test(type) && names.has(name));
}

/** How long a probe's result stays fetchable after it completed (simulated ms). */
export const PROBE_RESULT_KEEP_MS = 3600_000;
