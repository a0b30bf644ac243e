// The key paths of a JSON value ("properties.bgpSettings.bgpPeeringAddresses[].tunnelIpAddresses"),
// values aside: two responses have the same shape when their paths match.
export function keyPaths(v: unknown, at = ""): string[] {
  if (Array.isArray(v)) return v.length ? [...new Set(v.flatMap((x) => keyPaths(x, `${at}[]`)))] : [`${at}[]`];
  if (v && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => [at ? `${at}.${k}` : k, ...keyPaths(x, at ? `${at}.${k}` : k)]);
  return [];
}
