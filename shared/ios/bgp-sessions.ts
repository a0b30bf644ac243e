// Every BGP session the plan expects, from the NVAs' side: one per gateway
// instance over its tunnel, one per Route Server instance over the inside
// interface. Derived from the same neighbor list the configuration renders.
import type { BgpSessionPlan, Topology } from "../plan/types.js";
import { neighborsOf } from "./sections/bgp.js";

export function bgpSessionsOf(topo: Topology): BgpSessionPlan[] {
  return topo.nvas.flatMap((nva) =>
    neighborsOf(topo, nva).map((n, i) => ({
      router: nva.name,
      neighbor: n.address,
      localAsn: nva.asn,
      remoteAsn: n.remoteAs,
      via: i < 2 ? nva.tunnelInterfaces[i as 0 | 1] : "GigabitEthernet2",
    })),
  );
}
