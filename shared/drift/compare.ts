// Desired state vs what Azure returns. The desired body (from the plan, with
// placeholders filled) is the reference: every property it sets must hold in
// the actual resource; properties Azure adds (read-only fields, defaults) are
// not drift. Used to skip PUTs whose state already holds (a re-deploy of an
// unchanged spec makes zero writes) and to report drift on a health check.

export interface Difference {
  /** JSON path inside the body, e.g. properties.bgpSettings.bgpPeeringAddresses[vnetgwconfig].customBgpIpAddresses */
  path: string;
  expected: unknown;
  actual: unknown;
}

/**
 * Properties Azure never returns on GET (write-only), so they cannot be
 * compared from a read: VM customData and admin password. A connection's
 * sharedKey is compared through its own sharedkey endpoint instead. Matched
 * with or without the wire's `properties.` level, so the same list serves
 * wire bodies and the SDK's flattened models.
 */
const WRITE_ONLY_PATHS = new Set(["osProfile.customData", "osProfile.adminPassword", "sharedKey"]);
const isWriteOnly = (path: string) => WRITE_ONLY_PATHS.has(path.replace(/(^|\.)properties\./g, "$1"));

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

// ARM resource ids and location names are case-insensitive.
function sameScalar(path: string, a: unknown, b: unknown): boolean {
  if (typeof a === "string" && typeof b === "string") {
    if (a.startsWith("/subscriptions/") || path === "location") return a.toLowerCase() === b.toLowerCase();
    return a === b;
  }
  return a === b;
}

// Arrays of named sub-resources (subnets, ipConfigurations, securityRules,
// bgpPeeringAddresses keyed by ipconfigurationId, ...) are matched by key,
// not position: Azure may return them in another order.
function keyOf(item: unknown): string | null {
  if (!isObject(item)) return null;
  for (const k of ["name", "ipconfigurationId", "ipConfigurationId", "id"]) {
    const v = item[k];
    if (typeof v === "string") return v.toLowerCase();
  }
  return null;
}

function compareArrays(path: string, desired: unknown[], actual: unknown[], out: Difference[]): void {
  const keyed = desired.length > 0 && desired.every((d) => keyOf(d) !== null);
  if (keyed) {
    const actualByKey = new Map(actual.map((a) => [keyOf(a), a] as const));
    for (const d of desired) {
      const key = keyOf(d)!;
      const label = `${path}[${isObject(d) && typeof d.name === "string" ? d.name : key}]`;
      if (!actualByKey.has(key)) out.push({ path: label, expected: d, actual: undefined });
      else compareValue(label, d, actualByKey.get(key), out);
    }
    const desiredKeys = new Set(desired.map(keyOf));
    for (const a of actual) {
      const key = keyOf(a);
      // Something added out of band (an extra NSG rule, subnet, APIPA address) is drift too.
      if (key !== null && !desiredKeys.has(key)) out.push({ path: `${path}[${key}]`, expected: undefined, actual: a });
    }
    return;
  }
  // Lists of scalars (address prefixes, APIPA addresses, zones) are sets.
  if (desired.every((d) => !isObject(d) && !Array.isArray(d)) && actual.every((a) => !isObject(a) && !Array.isArray(a))) {
    const norm = (xs: unknown[]) => xs.map((x) => (typeof x === "string" ? x.toLowerCase() : String(x))).sort();
    if (JSON.stringify(norm(desired)) !== JSON.stringify(norm(actual))) out.push({ path, expected: desired, actual });
    return;
  }
  if (desired.length !== actual.length) {
    out.push({ path, expected: desired, actual });
    return;
  }
  desired.forEach((d, i) => compareValue(`${path}[${i}]`, d, actual[i], out));
}

function compareValue(path: string, desired: unknown, actual: unknown, out: Difference[]): void {
  if (isWriteOnly(path)) return;
  if (isObject(desired)) {
    if (!isObject(actual)) {
      out.push({ path, expected: desired, actual });
      return;
    }
    for (const [k, v] of Object.entries(desired)) compareValue(path ? `${path}.${k}` : k, v, actual[k], out);
    return;
  }
  if (Array.isArray(desired)) {
    if (!Array.isArray(actual)) {
      // Azure omits empty lists on GET; an empty desired list matches an absent one.
      if (desired.length === 0 && actual === undefined) return;
      out.push({ path, expected: desired, actual });
      return;
    }
    compareArrays(path, desired, actual, out);
    return;
  }
  if (!sameScalar(path, desired, actual)) out.push({ path, expected: desired, actual });
}

/** Every way the actual resource departs from the desired body (empty: the desired state holds). */
export function compareToDesired(desired: Record<string, unknown>, actual: Record<string, unknown>): Difference[] {
  const out: Difference[] = [];
  compareValue("", desired, actual, out);
  return out;
}
