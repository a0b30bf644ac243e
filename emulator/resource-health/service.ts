// Resource Health's availabilityStatuses for connections, read through ARM
// (a read in the subscription's bucket) and as Resource Graph's
// `healthresources` table:
//   GET {connectionId}/providers/Microsoft.ResourceHealth/availabilityStatuses/current
//   GET /subscriptions/{s}[/resourceGroups/{rg}]/providers/Microsoft.ResourceHealth/availabilityStatuses
import type { ArmEngine } from "../arm/engine.js";
import type { NetworkState } from "../network/types.js";
import { resourceGroupOf } from "../arm/store.js";
import { TENANT_ID } from "../resource-graph/rows.js";
import { availabilityOf, connectionAvailability, type AvailabilityStatus } from "./availability.js";

export const HEALTH_PATH = /\/providers\/microsoft\.resourcehealth\/availabilitystatuses(\/current)?\/?$/i;
export const HEALTH_API_VERSIONS = ["2025-05-01", "2024-02-01", "2023-10-01-preview", "2022-10-01", "2020-05-01", "2015-01-01"];
const CONNECTIONS = "Microsoft.Network/connections";

export interface HealthItem {
  id: string;
  name: "current";
  type: "Microsoft.ResourceHealth/AvailabilityStatuses";
  location: string;
  properties: AvailabilityStatus & { targetResourceId: string; targetResourceType: string };
}

/** What one call has worked out per resource group: the model's state (costly), and the tunnels' last states from the timeline (cheap). */
class CallCache {
  readonly states = new Map<string, NetworkState>();
  readonly tunnels = new Map<string, Map<string, { state: string; at: number }>>();
}

export class ResourceHealth {
  /**
   * True when a virtual clock keeps the session timelines current (emulator/index.ts): an
   * Available connection is then read from its timeline, and only a connection with a tunnel
   * down costs a model evaluation (for the reason). A fleet of 10,000 is listed in seconds.
   */
  timelinesCurrent = false;

  constructor(private readonly engine: ArmEngine) {}

  /** The status of one resource (connections are modelled; other types are Unknown). */
  of(resourceId: string, cache = new CallCache()): HealthItem | null {
    const entry = this.engine.store.get(resourceId);
    if (!entry) return null;
    const id = entry.resource.id;
    const now = this.engine.now();
    let status: AvailabilityStatus;
    if (entry.resource.type.toLowerCase() === CONNECTIONS.toLowerCase()) {
      const rg = resourceGroupOf(id);
      const tunnels = this.timelinesCurrent ? this.tunnelsFromTimeline(rg, id, cache) : [];
      const since = tunnels.length ? Math.max(...tunnels.map((t) => t.at)) : this.lastTunnelChange(rg, id);
      if (tunnels.length && tunnels.every((t) => t.state === "Connected")) {
        status = availabilityOf(tunnels.map(() => ({ state: "Connected" as const, reasons: [] })), now, since);
      } else {
        let state = cache.states.get(rg);
        if (!state) cache.states.set(rg, (state = this.engine.networkState(rg)));
        status = connectionAvailability(state, id, now, since);
      }
    } else {
      const at = new Date(now).toISOString();
      status = { availabilityState: "Unknown", title: "Unknown", summary: "The emulator models Resource Health for VPN connections only.", occuredTime: at, reportedTime: at };
    }
    return {
      id: `${id}/providers/Microsoft.ResourceHealth/availabilityStatuses/current`,
      name: "current",
      type: "Microsoft.ResourceHealth/AvailabilityStatuses",
      location: String(entry.resource.location ?? ""),
      properties: { ...status, targetResourceId: id, targetResourceType: entry.resource.type },
    };
  }

  /** The connection's tunnels' last states in its resource group's timeline (removed ones left out). */
  private tunnelsFromTimeline(rg: string, connectionId: string, cache: CallCache): { state: string; at: number }[] {
    let byKey = cache.tunnels.get(rg);
    if (!byKey) {
      byKey = new Map();
      for (const c of this.engine.timelines.get(rg)?.changes ?? []) if (c.kind === "tunnel") byKey.set(c.key, { state: c.state, at: c.at });
      cache.tunnels.set(rg, byKey);
    }
    const prefix = `${connectionId.toLowerCase()}|`;
    return [...byKey].filter(([k, v]) => k.startsWith(prefix) && v.state !== "Removed").map(([, v]) => v);
  }

  /** Every connection's status in a subscription (or one of its resource groups); every subscription's with none. */
  list(subscriptionId: string | null, resourceGroup?: string): HealthItem[] {
    const sub = subscriptionId?.toLowerCase();
    const cache = new CallCache();
    return this.engine.store
      .ofType(CONNECTIONS, resourceGroup)
      .filter((e) => !sub || e.resource.id.split("/")[2]?.toLowerCase() === sub)
      .map((e) => this.of(e.resource.id, cache)!)
      .filter(Boolean);
  }

  /** Resource Graph's `healthresources` rows: the statuses, with the table's columns. */
  graphRows(subscriptions: Set<string> | null): Record<string, unknown>[] {
    return this.list(null)
      .filter((h) => !subscriptions || subscriptions.has(h.id.split("/")[2]!.toLowerCase()))
      .map((h) => ({
        id: h.id,
        name: h.name,
        type: h.type.toLowerCase(),
        tenantId: TENANT_ID,
        kind: "",
        location: h.location,
        resourceGroup: resourceGroupOf(h.id),
        subscriptionId: h.id.split("/")[2],
        managedBy: "",
        sku: null,
        plan: null,
        properties: h.properties,
        tags: {},
        identity: null,
        zones: null,
        extendedLocation: null,
      }));
  }

  private lastTunnelChange(rg: string, connectionId: string): number | undefined {
    const prefix = `${connectionId.toLowerCase()}|`;
    const changes = this.engine.timelines.get(rg)?.changes ?? [];
    for (let i = changes.length - 1; i >= 0; i--) if (changes[i]!.kind === "tunnel" && changes[i]!.key.startsWith(prefix)) return changes[i]!.at;
    return undefined;
  }
}
