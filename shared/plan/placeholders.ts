// Values Azure only knows after creation, and secrets, appear in a plan as
// explicit placeholders of the form {{kind:argument}}. The apply step (and
// nothing else) fills them in, inside an activity, so a plan can be printed,
// stored and compared without holding a public IP that does not exist yet or
// a key that must never be shown.
export type PlaceholderKind = "subscriptionId" | "publicIp" | "routeServerIp" | "secret" | "customData";

export const placeholder = {
  subscriptionId: () => "{{subscriptionId}}",
  /** The address of the public IP with this name in the deployment's resource group. */
  publicIp: (publicIpName: string) => `{{publicIp:${publicIpName}}}`,
  /** Route Server's virtualRouterIps[index]. */
  routeServerIp: (index: 0 | 1) => `{{routeServerIp:${index}}}`,
  /** A Key Vault secret, by name: fetched inside the activity that needs it. */
  secret: (secretName: string) => `{{secret:${secretName}}}`,
  /** The NVA's day-0 configuration with every placeholder filled, base64. */
  customData: (nvaName: string) => `{{customData:${nvaName}}}`,
};

export interface PlaceholderRef {
  kind: PlaceholderKind;
  arg: string;
  text: string;
}

// {{subscriptionId}} takes no argument; every other kind requires one.
const PATTERN = /\{\{(?:(subscriptionId)|(publicIp|routeServerIp|secret|customData):([^{}]+))\}\}/g;

function refOf(m: RegExpMatchArray | string[]): PlaceholderRef {
  return { kind: (m[1] ?? m[2]) as PlaceholderKind, arg: m[3] ?? "", text: m[0]! };
}

export function findPlaceholders(text: string): PlaceholderRef[] {
  return [...text.matchAll(PATTERN)].map(refOf);
}

/** Every placeholder anywhere in a JSON value (strings inside objects and arrays). */
export function placeholdersIn(value: unknown): PlaceholderRef[] {
  const out = new Map<string, PlaceholderRef>();
  const walk = (v: unknown): void => {
    if (typeof v === "string") for (const p of findPlaceholders(v)) out.set(p.text, p);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(value);
  return [...out.values()];
}

export type PlaceholderResolver = (ref: PlaceholderRef) => string;

export function fillText(text: string, resolve: PlaceholderResolver): string {
  return text.replace(PATTERN, (...m: string[]) => resolve(refOf(m)));
}

/** A deep copy of a JSON value with every placeholder replaced. */
export function fillPlaceholders<T>(value: T, resolve: PlaceholderResolver): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return fillText(v, resolve);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/**
 * Like fillPlaceholders, for resolvers that must fetch (an ARM GET, a Key
 * Vault read): each distinct placeholder is resolved once, then filled in.
 */
export async function fillPlaceholdersAsync<T>(value: T, resolve: (ref: PlaceholderRef) => Promise<string>): Promise<T> {
  const refs = placeholdersIn(value);
  const values = new Map<string, string>();
  for (const ref of refs) values.set(ref.text, await resolve(ref));
  return fillPlaceholders(value, (ref) => values.get(ref.text)!);
}
