// IOS accepts any unambiguous abbreviation of an interface type and an
// optional space before the number ("Gi1", "gig 1", "Tu101", "lo0"). The model
// compares interfaces by their canonical name.

const INTERFACE_TYPES: { canonical: string; shortest: number }[] = [
  { canonical: "GigabitEthernet", shortest: 2 },
  { canonical: "Tunnel", shortest: 2 },
  { canonical: "Loopback", shortest: 2 },
  { canonical: "Null", shortest: 2 },
  { canonical: "VirtualPortGroup", shortest: 1 },
];

/** Canonical interface name, or null when `text` does not name an interface type this model knows. */
export function canonicalInterfaceName(text: string): string | null {
  const match = /^([A-Za-z-]+)\s*(\d+(?:\/\d+)*(?:\.\d+)?)$/.exec(text.trim());
  if (!match) return null;
  const typeText = match[1]!.toLowerCase();
  const number = match[2]!;
  for (const t of INTERFACE_TYPES) {
    if (typeText.length >= t.shortest && t.canonical.toLowerCase().startsWith(typeText)) return `${t.canonical}${number}`;
  }
  return null;
}

export function isTunnelInterface(name: string): boolean {
  return name.startsWith("Tunnel");
}

export function isLoopbackInterface(name: string): boolean {
  return name.startsWith("Loopback");
}

/** "GigabitEthernet2" -> 2; null for anything that is not a GigabitEthernet. */
export function gigabitEthernetNumber(name: string): number | null {
  const m = /^GigabitEthernet(\d+)$/.exec(name);
  return m ? Number(m[1]) : null;
}
