// A neighbor's settings as IOS applies them: its own, then those of its
// peer-group, and IPv4 activation from `bgp default ipv4-unicast` when the
// configuration does not say.
import type { BgpConfig, BgpNeighbor } from "./types.js";

/** The neighbor's own settings merged with its peer-group's (the same fields as BgpNeighbor, so the two cannot drift apart). */
export type EffectiveNeighbor = Pick<
  BgpNeighbor,
  "remoteAs" | "updateSource" | "ebgpMultihop" | "disableConnectedCheck" | "shutdown" | "passive" | "password" | "routeMapIn" | "routeMapOut" | "prefixListIn" | "prefixListOut" | "maximumPrefix" | "fallOver"
> & {
  address: string;
  activatedIpv4: boolean;
};

const INHERITED = ["routeMapIn", "routeMapOut", "prefixListIn", "prefixListOut", "maximumPrefix", "fallOver"] as const;

export function effectiveNeighbor(bgp: BgpConfig, address: string): EffectiveNeighbor | undefined {
  const own = bgp.neighbors.get(address);
  if (!own || own.isPeerGroup) return undefined;
  const group: BgpNeighbor | undefined = own.peerGroup ? bgp.neighbors.get(own.peerGroup) : undefined;
  const remoteAs = own.remoteAs ?? group?.remoteAs;
  const updateSource = own.updateSource ?? group?.updateSource;
  const ebgpMultihop = own.ebgpMultihop ?? group?.ebgpMultihop;
  const activation = own.ipv4Activate ?? group?.ipv4Activate;
  const inherited: Partial<Pick<EffectiveNeighbor, (typeof INHERITED)[number]>> = {};
  for (const key of INHERITED) {
    const value = own[key] ?? group?.[key];
    if (value !== undefined) (inherited as Record<string, unknown>)[key] = value;
  }
  return {
    address,
    ...inherited,
    ...(remoteAs !== undefined ? { remoteAs } : {}),
    ...(updateSource !== undefined ? { updateSource } : {}),
    ...(ebgpMultihop !== undefined ? { ebgpMultihop } : {}),
    disableConnectedCheck: own.disableConnectedCheck || (group?.disableConnectedCheck ?? false),
    shutdown: own.shutdown || (group?.shutdown ?? false),
    passive: own.passive || (group?.passive ?? false),
    password: own.password || (group?.password ?? false),
    // A neighbor defined with remote-as is active for IPv4 unless
    // `no bgp default ipv4-unicast` is set or it is explicitly deactivated.
    activatedIpv4: activation ?? bgp.defaultIpv4Unicast,
  };
}
