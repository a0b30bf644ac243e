// The reference table: every NVA's BGP session to each gateway instance, with
// the tunnel it rides and the APIPA addresses at both ends.
import type { ApipaRow, Topology } from "./types.js";

export function apipaTable(topo: Topology): ApipaRow[] {
  return topo.nvas.flatMap((nva) =>
    ([0, 1] as const).map((instance) => ({
      nva: nva.name,
      tunnel: nva.tunnelInterfaces[instance],
      nvaBgpIp: nva.loopbackIp,
      gatewayInstance: instance,
      gatewayBgpIp: nva.gatewayBgpIps[instance],
      connection: nva.connectionName,
      localNetworkGateway: nva.localNetworkGatewayName,
    })),
  );
}
