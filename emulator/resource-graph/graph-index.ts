// Resource Graph's copy of ARM, behind ARM by a lag. Resource Graph is kept
// current by notifications ARM sends when a write, delete or action completes
// (FLEET-HEALTH §2.1, §2.4: "95% of all changes … under 30s"); the emulator
// takes the same feed, its Event Grid bus, and captures the row as it is when
// the change completes. A captured change becomes visible `lag` later: until
// then a query sees the previous version, or nothing for a new resource.
//
// Resources that exist without any notification (a cloned fleet member, state
// loaded from a folder) are seeded as visible at once: they have been there
// all along.
import type { ArmStore } from "../arm/store.js";
import type { ArmEvent } from "../events.js";
import { resourceRow, type Row } from "./rows.js";

interface PendingChange {
  at: number;
  id: string;
  row: Row | null;
}

export class GraphIndex {
  private readonly visible = new Map<string, Row>();
  private pending: PendingChange[] = [];
  /** Rows still "starting" (a booting VM): ARG's regular scan sees the guest finish, a lag after. */
  private readonly booting = new Set<string>();
  /** Bumped whenever the visible set changes, so cached query results know they are stale. */
  version = 0;

  constructor(
    private readonly store: ArmStore,
    private readonly now: () => number,
    public lagMs: number,
  ) {}

  /** An ARM notification: capture the row(s) the event changed, as they are now. */
  notify(event: ArmEvent): void {
    const at = Date.parse(event.eventTime);
    const id = event.subject;
    const isAction = event.eventType === "Microsoft.Resources.ResourceActionSuccess";
    if (event.eventType === "Microsoft.Resources.ResourceWriteFailure") {
      this.capture(id, at);
      return;
    }
    // Only a VM's power actions change what the table shows; BGP probes and resets do not.
    if (isAction && !/\/providers\/microsoft\.compute\/virtualmachines\/[^/]+$/i.test(id)) return;
    if (event.eventType === "Microsoft.Resources.ResourceDeleteSuccess" && !this.store.get(id)) {
      const key = id.toLowerCase();
      // A parent's delete takes its children (hub ipConfigurations, bgpConnections) with it.
      for (const k of [...this.visible.keys(), ...this.pending.map((p) => p.id)]) if (k === key || k.startsWith(`${key}/`)) this.pending.push({ at, id: k, row: null });
      this.pending.push({ at, id: key, row: null });
      // A subnet's delete changes its VNet's row.
      this.captureOwner(id, at);
      return;
    }
    this.capture(id, at);
  }

  private capture(id: string, at: number): void {
    const entry = this.store.get(id);
    if (entry) {
      this.pending.push({ at, id: id.toLowerCase(), row: structuredClone(resourceRow(this.store, entry, at)) });
      return;
    }
    this.captureOwner(id, at);
  }

  /** A change to something without its own row (a subnet) shows in the row that holds it. */
  private captureOwner(id: string, at: number): void {
    const owner = /^(.*\/providers\/[^/]+\/[^/]+\/[^/]+)\/.+$/i.exec(id)?.[1];
    const entry = owner ? this.store.get(owner) : undefined;
    if (entry) this.pending.push({ at, id: owner!.toLowerCase(), row: structuredClone(resourceRow(this.store, entry, at)) });
  }

  /** Make these resources visible now, as if indexed long ago (fixtures: clones, loaded state). */
  seed(ids: Iterable<string>): void {
    const at = this.now();
    for (const id of ids) {
      const entry = this.store.get(id);
      if (!entry) continue;
      const row = structuredClone(resourceRow(this.store, entry, at - this.lagMs));
      this.visible.set(id.toLowerCase(), row);
      this.noteBooting(id.toLowerCase(), row);
    }
    this.version++;
  }

  /**
   * Seed copies of one resource group's rows (fleet fixtures): the source's
   * rows are built once and renamed for each copy, which is much cheaper than
   * building every copy's rows from the store.
   */
  seedCopies(sourceIds: string[], copies: { rename: (text: string) => string; resourceGroup: string; subscriptionId: string; retag?: (tags: Record<string, string>) => void }[]): void {
    const at = this.now();
    const rows = sourceIds.map((id) => this.store.get(id)).filter((e) => e !== undefined).map((e) => resourceRow(this.store, e, at - this.lagMs));
    const text = JSON.stringify(rows);
    for (const copy of copies) {
      for (const row of JSON.parse(copy.rename(text)) as Row[]) {
        row.resourceGroup = copy.resourceGroup.toLowerCase();
        row.subscriptionId = copy.subscriptionId;
        copy.retag?.(row.tags as Record<string, string>);
        const id = String(row.id).toLowerCase();
        this.visible.set(id, row);
        this.noteBooting(id, row);
      }
    }
    this.version++;
  }

  /** The rows a query sees now. */
  rows(): Row[] {
    const now = this.now();
    const cutoff = now - this.lagMs;
    if (this.pending.length) {
      this.pending.sort((a, b) => a.at - b.at);
      const due = this.pending.filter((p) => p.at <= cutoff);
      if (due.length) {
        this.pending = this.pending.filter((p) => p.at > cutoff);
        for (const p of due) {
          if (p.row) this.visible.set(p.id, p.row);
          else this.visible.delete(p.id);
          this.noteBooting(p.id, p.row);
        }
        this.version++;
      }
    }
    for (const id of this.booting) {
      const row = this.visible.get(id);
      const bootedAt = this.store.bootingUntil.get(id);
      if (!row || bootedAt === undefined) {
        this.booting.delete(id);
        continue;
      }
      if (bootedAt > cutoff) continue;
      const power = (row.properties as any)?.extended?.instanceView?.powerState;
      if (power?.code === "PowerState/starting" && this.store.powerStates.get(id) === "running") {
        power.code = "PowerState/running";
        power.displayStatus = "VM running";
        this.version++;
      }
      this.booting.delete(id);
    }
    return [...this.visible.values()];
  }

  private noteBooting(id: string, row: Row | null): void {
    if ((row?.properties as any)?.extended?.instanceView?.powerState?.code === "PowerState/starting") this.booting.add(id);
  }
}
