// How the steady state is reached over time. computeNetworkState says what
// the network settles to; a ConvergenceTracker, fed that steady state at
// successive moments, reports what Azure would show at each moment:
//
// - A tunnel is Connecting until it has been steadily eligible (steady state
//   Connected) for `ikeSeconds` (IKE_SA_INIT/IKE_AUTH and the first child SA).
// - A BGP session is Connecting until `bgpSeconds` after both it is eligible
//   and (for a gateway session) its tunnel came up; Route Server sessions
//   have no tunnel and count from their own eligibility.
// - Losing eligibility brings a session down at once — a configuration
//   change, a bad route, a reset — except when the far end goes silent: a
//   stopped NVA sends no NOTIFICATION or TCP RST, and BGP over VPN has no
//   BFD. Then the gateway keeps the tunnel up until Dead Peer Detection gives
//   up (`dpdSeconds`, default 45 s, the connection's usual dpdTimeoutSeconds)
//   and keeps the BGP sessions (gateway and Route Server) Connected, routes
//   included, until the hold timer expires (`holdTimeSeconds`, default 180 s).
//   Set either to 0 to drop at once. A deleted NVA is as silent as a stopped
//   one: its sessions remember the VM they ran to, and are held the same way.
// - The NVA's own side of a gateway session: when its tunnel drops while the
//   NVA runs, IOS keeps the multihop session (and the routes learned over
//   it, in `nvaRoutes`) until the hold timer, unless fall-over resets it at
//   once (fall-over.ts). Azure's side is reported as before.
// Routes are recomputed from the sessions reported Connected at that moment.
import { applyRoutes } from "./routes.js";
import type { BgpState, GatewayPeerOutcome, NetworkState, RouteOutcome, RouteServerPeerOutcome, TunnelOutcome, TunnelState } from "./types.js";

export interface ConvergenceOptions {
  ikeSeconds?: number;
  bgpSeconds?: number;
  dpdSeconds?: number;
  holdTimeSeconds?: number;
}

interface Track {
  /** When the steady state last became Connected (undefined while it is not). */
  eligibleSince?: number;
  /** What was reported at the previous observation. */
  reportedUp: boolean;
  /** When a silent peer was first seen gone, while its session is held up. */
  silentSince?: number;
  /** The NVA VM this session last ran to (kept when the steady state no longer names one: the VM was deleted). */
  vmId?: string;
  /** When this track changes next if nothing else does (up after its delay, down at the end of a hold). */
  due?: number;
  /** What the session last delivered while its VM was there: a session held into a deleted VM still delivers it. */
  routes?: RouteOutcome[];
}

const tunnelKey = (t: { gatewayId: string; connectionId: string; instance: number }) => `${t.gatewayId}|${t.connectionId}|${t.instance}`.toLowerCase();
const gatewayPeerKey = (p: GatewayPeerOutcome) => `${tunnelKey(p)}|${p.localAddress}|${p.neighbor}`.toLowerCase();
const routeServerPeerKey = (p: RouteServerPeerOutcome) => `${p.bgpConnectionId}|${p.role}|${p.routerIp}`.toLowerCase();

export class ConvergenceTracker {
  private readonly ikeMs: number;
  private readonly bgpMs: number;
  private readonly dpdMs: number;
  private readonly holdMs: number;
  private readonly tracks = new Map<string, Track>();

  constructor(options: ConvergenceOptions = {}) {
    this.ikeMs = (options.ikeSeconds ?? 10) * 1000;
    this.bgpMs = (options.bgpSeconds ?? 30) * 1000;
    this.dpdMs = (options.dpdSeconds ?? 45) * 1000;
    this.holdMs = (options.holdTimeSeconds ?? 180) * 1000;
  }

  /** The state Azure would report at `nowMs`, given the steady state the configuration leads to. Call with non-decreasing times. */
  observe(steady: NetworkState, nowMs: number): NetworkState {
    const stopped = new Set((steady.stoppedVms ?? []).map((v) => v.toLowerCase()));
    const present = steady.vmIds ? new Set(steady.vmIds.map((v) => v.toLowerCase())) : null;
    const silentVm = (vmId: string | undefined | null) => !!vmId && (stopped.has(vmId.toLowerCase()) || (present !== null && !present.has(vmId.toLowerCase())));
    // A session's far end: the steady state's VM, or the one it last ran to when that VM is gone.
    const silentAt = (key: string, vmId: string | null) => {
      const track = this.tracks.get(key) ?? { reportedUp: false };
      this.tracks.set(key, track);
      if (vmId === null) return silentVm(track.vmId);
      track.vmId = vmId;
      return silentVm(vmId);
    };
    const seen = new Set<string>();

    const tunnelUpSince = new Map<string, number | undefined>();
    const tunnels = steady.tunnels.map((t): TunnelOutcome => {
      const key = `tunnel|${tunnelKey(t)}`;
      seen.add(key);
      const r = this.step(key, t.state === "Connected", nowMs, this.ikeMs, undefined, silentAt(key, t.vmId), this.dpdMs);
      tunnelUpSince.set(tunnelKey(t), r.upSince);
      return { ...t, state: this.tunnelState(t.state, r), reasons: r.up ? [] : r.reason ? [r.reason] : [...t.reasons] };
    });

    const dropsWithTunnel = new Map((steady.bgpTopology?.links ?? []).filter((l) => l.kind === "gateway").map((l) => [l.index, l.nvaDropsWithTunnel !== false]));
    const steadyTunnelUp = new Map(steady.tunnels.map((t) => [tunnelKey(t), t.state === "Connected"]));
    const nvaHeld = new Set<number>();
    const gatewayPeers = steady.gatewayPeers.map((p, index): GatewayPeerOutcome => {
      const key = `gw|${gatewayPeerKey(p)}`;
      seen.add(key);
      // The NVA's side: held past a dropped tunnel for the hold time, unless fall-over resets it.
      const nvaKey = `nva-gw|${gatewayPeerKey(p)}`;
      seen.add(nvaKey);
      const tunnelDropped = steadyTunnelUp.get(tunnelKey(p)) === false && !silentVm(p.vmId);
      const nvaSide = this.step(nvaKey, p.state === "Connected", nowMs, 0, undefined, tunnelDropped && !dropsWithTunnel.get(index), this.holdMs);
      if (nvaSide.up && p.state !== "Connected") nvaHeld.add(index);
      // The session can only start once its tunnel is up (null: not up yet).
      const tunnelUp = tunnelUpSince.get(tunnelKey(p)) ?? null;
      const r = this.step(key, p.state === "Connected", nowMs, this.bgpMs, tunnelUp, silentAt(key, p.vmId), this.holdMs);
      const waiting = p.state === "Connected" && tunnelUp === null ? ["waiting for the tunnel to come up"] : undefined;
      return { ...p, routesReceived: [], state: this.bgpState(p.state, r), reasons: r.up ? [] : waiting ?? (r.reason ? [r.reason] : [...p.reasons]) };
    });

    const routeServerPeers = steady.routeServerPeers.map((p): RouteServerPeerOutcome => {
      const key = `rs|${routeServerPeerKey(p)}`;
      seen.add(key);
      const r = this.step(key, p.state === "Connected", nowMs, this.bgpMs, undefined, silentAt(key, p.vmId), this.holdMs);
      return { ...p, routesReceived: [], state: this.bgpState(p.state, r), reasons: r.up ? [] : r.reason ? [r.reason] : [...p.reasons] };
    });

    for (const key of [...this.tracks.keys()]) if (!seen.has(key)) this.tracks.delete(key);
    return this.heldIntoDeletedVms(applyRoutes({ ...steady, tunnels, gatewayPeers, routeServerPeers }, nvaHeld));
  }

  /**
   * A deleted NVA has left the BGP topology, so applyRoutes gives its held
   * sessions nothing; Azure still has the routes it learned over them until
   * the hold timer. Put them back, and remember each session's routes while
   * its VM is there.
   */
  private heldIntoDeletedVms(state: NetworkState): NetworkState {
    state.gatewayPeers.forEach((p) => {
      const track = this.tracks.get(`gw|${gatewayPeerKey(p)}`);
      if (!track || p.state !== "Connected") return;
      const mine = (state.gatewayLearnedRoutes[p.gatewayId] ?? []).filter((r) => r.origin === "EBgp" && r.sourcePeer === p.neighbor && r.localAddress === p.localAddress);
      if (p.vmId !== null) {
        track.routes = mine;
        return;
      }
      const held = track.routes ?? [];
      p.routesReceived = held.map((r) => r.network);
      (state.gatewayLearnedRoutes[p.gatewayId] ??= []).push(...held.map((r) => ({ ...r })));
    });
    state.routeServerPeers.forEach((p) => {
      const track = this.tracks.get(`rs|${routeServerPeerKey(p)}`);
      if (!track || p.state !== "Connected") return;
      const learned = ((state.routeServerLearnedRoutes[p.bgpConnectionId] ??= {})[p.role] ??= []);
      if (p.vmId !== null) {
        track.routes = learned;
        return;
      }
      const held = track.routes ?? [];
      p.routesReceived = held.map((r) => r.network);
      learned.push(...held.map((r) => ({ ...r })));
    });
    return state;
  }

  /** The earliest moment after `after` at which a timer runs out (a session comes up, a hold ends), if any. */
  nextDeadline(after: number): number | undefined {
    let next: number | undefined;
    for (const t of this.tracks.values()) if (t.due !== undefined && t.due > after && (next === undefined || t.due < next)) next = t.due;
    return next;
  }

  /**
   * Advance one tunnel or session. `notBefore` is when its prerequisite (the
   * tunnel) came up, null while it is not up; `hold` is how long a silent
   * peer is kept up.
   */
  private step(key: string, eligible: boolean, now: number, delay: number, notBefore: number | null | undefined, silentPeer: boolean, hold: number): { up: boolean; upSince?: number; reason?: string } {
    const track = this.tracks.get(key) ?? { reportedUp: false };
    this.tracks.set(key, track);
    delete track.due;
    if (eligible) {
      track.eligibleSince ??= now;
      delete track.silentSince;
      if (notBefore === null) {
        track.reportedUp = false;
        return { up: false };
      }
      const start = Math.max(track.eligibleSince, notBefore ?? track.eligibleSince);
      const upAt = start + delay;
      track.reportedUp = now >= upAt;
      if (!track.reportedUp) track.due = upAt;
      return track.reportedUp ? { up: true, upSince: upAt } : { up: false, reason: `negotiating; up in ${Math.ceil((upAt - now) / 1000)} s if nothing changes` };
    }
    delete track.eligibleSince;
    if (track.reportedUp && silentPeer && hold > 0) {
      track.silentSince ??= now;
      if (now < track.silentSince + hold) {
        track.due = track.silentSince + hold;
        return { up: true, upSince: track.silentSince };
      }
    }
    track.reportedUp = false;
    delete track.silentSince;
    return { up: false };
  }

  private tunnelState(steady: TunnelState, r: { up: boolean; reason?: string }): TunnelState {
    if (r.up) return "Connected";
    return steady === "Connected" ? "Connecting" : steady;
  }

  private bgpState(steady: BgpState, r: { up: boolean }): BgpState {
    if (r.up) return "Connected";
    return steady === "Connected" ? "Connecting" : steady;
  }
}
