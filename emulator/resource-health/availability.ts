// A VPN connection's Resource Health, from the network model: Available while
// every tunnel is up, Degraded with one of two, Unavailable with none, and
// the reason named the way Resource Health's checks for connections ask it
// (FLEET-HEALTH §4: "Are the pre-shared keys properly configured? Are there
// mismatches in the IPSec/IKE security policy? Is the VPN on-premises device
// reachable?"). Reasons quote the model's words, which hold no secret.
import type { NetworkState, TunnelOutcome } from "../network/types.js";

export type AvailabilityState = "Available" | "Degraded" | "Unavailable" | "Unknown";

export type ReasonType = "PreSharedKeyMismatch" | "IkePolicyMismatch" | "PeerUnreachable" | "ProvisioningFailed" | "NotConnected";

const CLASSES: Array<[ReasonType, RegExp, string]> = [
  ["PreSharedKeyMismatch", /PSK mismatch|has no shared key|type 6 \(encrypted\) key/i, "The pre-shared key of this connection does not match the one on the on-premises VPN device (PSK mismatch)."],
  ["IkePolicyMismatch", /IKE proposal mismatch|transform-set mismatch|PFS mismatch|uses IKEv1/i, "The IPsec/IKE security policy of this connection does not match the on-premises VPN device's (IKE policy mismatch)."],
  ["ProvisioningFailed", /\bFailed\b/, "The connection, its gateway or its local network gateway is in a failed provisioning state."],
  ["PeerUnreachable", /is stopped|is deallocated|is starting|not yet booted|blocks UDP|no NVA NIC holds|has no gatewayIpAddress|is shut down/i, "The on-premises VPN device is not reachable."],
];

export interface AvailabilityStatus {
  availabilityState: AvailabilityState;
  title: string;
  summary: string;
  reasonType?: ReasonType;
  detailedStatus?: string;
  reasonChronicity?: "Persistent";
  occuredTime: string;
  reportedTime: string;
}

function classify(down: Pick<TunnelOutcome, "reasons">[]): { reasonType: ReasonType; summary: string; detail: string } {
  const reasons = down.flatMap((t) => t.reasons);
  for (const [reasonType, pattern, summary] of CLASSES) {
    const hit = reasons.find((r) => pattern.test(r));
    if (hit) return { reasonType, summary, detail: hit };
  }
  return { reasonType: "NotConnected", summary: "The VPN tunnel is not connected.", detail: reasons[0] ?? "The tunnel is negotiating." };
}

/** The connection's status now, from the model's state; `since` is when its tunnels last changed (occuredTime), if known. */
export function connectionAvailability(state: NetworkState, connectionId: string, now: number, since?: number): AvailabilityStatus {
  const key = connectionId.toLowerCase();
  return availabilityOf(state.tunnels.filter((t) => t.connectionId.toLowerCase() === key), now, since);
}

/** The status of a connection with these tunnels. */
export function availabilityOf(tunnels: Pick<TunnelOutcome, "state" | "reasons">[], now: number, since?: number): AvailabilityStatus {
  const reportedTime = new Date(now).toISOString();
  const occuredTime = new Date(since ?? now).toISOString();
  if (tunnels.length === 0) return { availabilityState: "Unknown", title: "Unknown", summary: "The connection has no tunnel to report on yet.", occuredTime, reportedTime };
  const down = tunnels.filter((t) => t.state !== "Connected");
  if (down.length === 0) {
    return { availabilityState: "Available", title: "Available", summary: "There aren't any known Azure platform problems affecting this VPN connection.", occuredTime, reportedTime };
  }
  const { reasonType, summary, detail } = classify(down);
  const degraded = down.length < tunnels.length;
  return {
    availabilityState: degraded ? "Degraded" : "Unavailable",
    title: degraded ? "Degraded" : "Unavailable",
    summary: degraded ? `One of the connection's tunnels is down. ${summary}` : summary,
    reasonType,
    detailedStatus: detail,
    reasonChronicity: "Persistent",
    occuredTime,
    reportedTime,
  };
}
