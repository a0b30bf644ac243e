// What a change does to traffic while it is carried out: which tunnels and
// BGP sessions go down, for roughly how long (typical-durations.ts), and
// which prefixes lose their last path. Judged per change, as apply carries
// replacements out one NVA at a time: a prefix loses its last path when no
// NVA keeps a gateway session (and, with Route Server, a Route Server session)
// up while this one change is made.
import type { Inventory } from "../drift/plan-vs-inventory.js";
import type { BgpSessionPlan, NvaPlan, Plan } from "../plan/types.js";
import { TYPICAL_SECONDS } from "../plan/typical-durations.js";
import type { ResourceType } from "../plan/types.js";

export interface Impact {
  tunnelsDown: string[];
  sessionsDown: string[];
  /** Rough seconds the sessions stay down (0: none goes down). */
  seconds: number;
  /** Advertised prefixes (client and provider side) left without any path meanwhile. */
  prefixesWithoutPath: string[];
  note?: string;
}

export const NO_IMPACT: Impact = { tunnelsDown: [], sessionsDown: [], seconds: 0, prefixesWithoutPath: [] };

const TYPE = {
  vm: "Microsoft.Compute/virtualMachines",
  pip: "Microsoft.Network/publicIPAddresses",
  nic: "Microsoft.Network/networkInterfaces",
  gw: "Microsoft.Network/virtualNetworkGateways",
  lng: "Microsoft.Network/localNetworkGateways",
  con: "Microsoft.Network/connections",
  hub: "Microsoft.Network/virtualHubs",
  hubIp: "Microsoft.Network/virtualHubs/ipConfigurations",
  peering: "Microsoft.Network/virtualHubs/bgpConnections",
} as const;

const isTunnel = (s: BgpSessionPlan) => s.via !== "GigabitEthernet2";
// A Route Server neighbor is a placeholder in the plan (its address is known once deployed): named by its instance.
const neighborLabel = (n: string) => n.replace(/\{\{routeServerIp:(\d+)\}\}/, "Route Server instance $1");
export const sessionLabel = (s: BgpSessionPlan) => `${s.router} ${s.via} <-> ${neighborLabel(s.neighbor)}`;
const tunnelLabels = (nva: NvaPlan) => nva.tunnelInterfaces.map((t, i) => `${nva.connectionName} instance ${i} (${nva.name} ${t})`);

/** Which NVAs still carry traffic with these sessions down. */
function prefixesLost(plan: Plan, down: Set<BgpSessionPlan>): string[] {
  const withRs = plan.topology.routeServer !== null;
  const carrying = plan.topology.nvas.filter((nva) => {
    const mine = plan.bgpSessions.filter((s) => s.router === nva.name && !down.has(s));
    return mine.some(isTunnel) && (!withRs || mine.some((s) => !isTunnel(s)));
  });
  return carrying.length > 0 ? [] : [...plan.topology.advertise.client, ...plan.topology.advertise.provider];
}

function impactOf(plan: Plan, sessions: BgpSessionPlan[], tunnels: string[], seconds: number, note?: string): Impact {
  if (sessions.length === 0 && tunnels.length === 0) return NO_IMPACT;
  return { tunnelsDown: tunnels, sessionsDown: sessions.map(sessionLabel), seconds, prefixesWithoutPath: prefixesLost(plan, new Set(sessions)), ...(note ? { note } : {}) };
}

const ONLY_TAGS = (paths: string[]) => paths.every((p) => /^tags(\.|$)/.test(p));

/** Of a VM's in-place changes only a resize restarts it (boot diagnostics, tags do not): Azure stops the VM, resizes it and starts it again. */
export const restartsVm = (paths: readonly string[]): boolean => paths.some((p) => p.startsWith("hardwareProfile."));

/**
 * Impact of one change to a resource the new plan holds (`paths`: what
 * differs; for replace, the resource is deleted and created again).
 */
export function plannedImpact(plan: Plan, type: string, name: string, action: "update" | "replace", paths: string[]): Impact {
  if (action === "update" && ONLY_TAGS(paths)) return NO_IMPACT;
  const { nvas } = plan.topology;
  const typical = TYPICAL_SECONDS[type as ResourceType] ?? 0;
  const seconds = action === "replace" ? 2 * typical : typical; // delete, then create
  const sessionsOf = (nva: NvaPlan, pick: (s: BgpSessionPlan) => boolean) => plan.bgpSessions.filter((s) => s.router === nva.name && pick(s));
  const all = () => true;
  const byName = (pick: (n: NvaPlan) => string) => nvas.find((n) => pick(n).toLowerCase() === name.toLowerCase());
  switch (type) {
    case TYPE.vm: {
      const nva = byName((n) => n.name);
      if (!nva) return NO_IMPACT;
      if (action === "replace") return impactOf(plan, sessionsOf(nva, all), tunnelLabels(nva), seconds);
      if (!restartsVm(paths)) return NO_IMPACT;
      return impactOf(plan, sessionsOf(nva, all), tunnelLabels(nva), seconds, "resized in place: the VM restarts");
    }
    case TYPE.lng:
    case TYPE.con: {
      // Azure resets the connection: both of this NVA's tunnels renegotiate.
      const nva = byName((n) => (type === TYPE.con ? n.connectionName : n.localNetworkGatewayName));
      if (!nva) return NO_IMPACT;
      if (action === "update" && paths.every((p) => /^(tags(\.|$)|routingWeight$)/.test(p))) return NO_IMPACT;
      return impactOf(plan, sessionsOf(nva, isTunnel), tunnelLabels(nva), seconds);
    }
    case TYPE.peering: {
      const nva = byName((n) => n.routeServerPeeringName);
      return nva ? impactOf(plan, sessionsOf(nva, (s) => !isTunnel(s)), [], seconds) : NO_IMPACT;
    }
    case TYPE.pip: {
      const nva = byName((n) => n.publicIpName);
      if (nva) return impactOf(plan, sessionsOf(nva, isTunnel), tunnelLabels(nva), seconds, "the NVA's public address changes: its local network gateway follows");
      if (plan.topology.gateway.instances.some((i) => i.publicIpName.toLowerCase() === name.toLowerCase())) {
        return impactOf(plan, plan.bgpSessions.filter(isTunnel), nvas.flatMap(tunnelLabels), seconds, "a gateway address changes: every NVA's tunnels follow");
      }
      return NO_IMPACT;
    }
    case TYPE.nic: {
      const outside = byName((n) => n.outsideNicName);
      if (outside) return impactOf(plan, sessionsOf(outside, all), tunnelLabels(outside), seconds);
      const inside = byName((n) => n.insideNicName);
      return inside ? impactOf(plan, sessionsOf(inside, (s) => !isTunnel(s)), [], seconds) : NO_IMPACT;
    }
    case TYPE.gw: {
      if (action === "replace") return impactOf(plan, plan.bgpSessions.filter(isTunnel), nvas.flatMap(tunnelLabels), seconds);
      // Active-active: Azure updates one instance at a time; the other keeps every NVA's second tunnel.
      const perInstance = [0, 1].map((i) => plan.bgpSessions.filter((s) => isTunnel(s) && nvas.some((n) => n.name === s.router && n.gatewayBgpIps[i] === s.neighbor)));
      const lost = [...new Set(perInstance.flatMap((ss) => prefixesLost(plan, new Set(ss))))];
      return { tunnelsDown: nvas.flatMap(tunnelLabels), sessionsDown: perInstance.flat().map(sessionLabel), seconds, prefixesWithoutPath: lost, note: "one gateway instance at a time" };
    }
    case TYPE.hub:
    case TYPE.hubIp:
      return action === "replace" ? impactOf(plan, plan.bgpSessions.filter((s) => !isTunnel(s)), [], seconds) : NO_IMPACT;
    default:
      return NO_IMPACT;
  }
}

/**
 * Impact of deleting an owned resource the plan no longer holds. Its sessions
 * are not in the new plan, so they are named from what Azure holds; the new
 * plan's NVAs carry every prefix, so none loses its path by the removal itself.
 */
export function deletedImpact(type: string, name: string, inventory: Inventory, id: string): Impact {
  const r = inventory.get(id.toLowerCase());
  const seconds = TYPICAL_SECONDS[type as ResourceType] ?? 0;
  if (type === TYPE.con) {
    const lngId = String(r?.localNetworkGateway2?.id ?? "").toLowerCase();
    const peer = inventory.get(lngId)?.bgpSettings?.bgpPeeringAddress ?? name;
    return { tunnelsDown: [`${name} instance 0`, `${name} instance 1`], sessionsDown: [`gateway instance 0 <-> ${peer}`, `gateway instance 1 <-> ${peer}`], seconds, prefixesWithoutPath: [] };
  }
  if (type === TYPE.peering) {
    const peer = r?.peerIp ?? name;
    return { tunnelsDown: [], sessionsDown: [`Route Server instance 0 <-> ${peer}`, `Route Server instance 1 <-> ${peer}`], seconds, prefixesWithoutPath: [] };
  }
  return NO_IMPACT;
}
