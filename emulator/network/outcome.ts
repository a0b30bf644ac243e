// STUB, to be replaced by the network model: derives tunnels, BGP sessions and
// routes from stored resources and the NVAs' IOS XE configurations.
import type { NetworkInputs, NetworkState } from "./types.js";

export function computeNetworkState(_inputs: NetworkInputs): NetworkState {
  return {
    tunnels: [],
    gatewayPeers: [],
    routeServerPeers: [],
    gatewayLearnedRoutes: {},
    gatewayAdvertisedRoutes: {},
    routeServerLearnedRoutes: {},
    routeServerAdvertisedRoutes: {},
  };
}
