// A fault the configuration does not explain: a connection whose tunnels are
// up and whose configuration is right, yet whose BGP sessions on the gateway
// stay down until the connection is reset (POST .../resetconnection). The
// emulator injects it (outOfBand.stickBgp) so remediation's last resort can
// be exercised; the sessions come back through the usual convergence times.
import { idKey } from "./inventory.js";
import { applyRoutes } from "./routes.js";
import type { NetworkState } from "./types.js";

export const STUCK_REASON = "the session is stuck on the gateway although both sides' configuration is right; resetting the connection clears it";

export function holdStuckSessions(state: NetworkState, stuckConnections: ReadonlySet<string>): NetworkState {
  if (stuckConnections.size === 0) return state;
  let changed = false;
  for (const p of state.gatewayPeers) {
    if (!stuckConnections.has(idKey(p.connectionId))) continue;
    p.state = "Idle";
    p.reasons = [STUCK_REASON];
    changed = true;
  }
  return changed ? applyRoutes(state) : state;
}
