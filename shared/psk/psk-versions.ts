// Which Key Vault version of its PSK each NVA holds. An NVA's PSK is baked
// into its day-0 config (VM customData, which Azure never lets change), and
// its connection's sharedKey must equal it. So "the latest version in Key
// Vault" is the wrong answer once a new version exists: the NVA keeps the one
// it was built with until it is replaced. The deployment record pins, per
// NVA, the version its VM and its connection were written with; the filler
// (activities/arm/fill-placeholders.ts) fills both from that pin and only a
// rotation moves it, while the NVA is down (orchestrations/rotate/).
// Version ids are Key Vault identifiers, not secrets: they may be stored,
// logged and returned.
import type { Topology } from "../plan/types.js";

/** The version an NVA (its config and its connection) uses of its PSK secret. */
export interface PskPin {
  secretName: string;
  version: string;
}

/** By NVA name. */
export type PskVersions = Record<string, PskPin>;

/** A rotation under way: the version each PSK secret moves to (every NVA on that secret gets it, one at a time). */
export interface PskRotation {
  instanceId: string;
  /** Secret name -> the new version. */
  targets: Record<string, string>;
  startedAt: string;
}

/** An NVA and the Key Vault secret of its PSK. */
export interface PskOwner {
  nva: string;
  secretName: string;
}

/** The NVA whose PSK a resource carries: its VM (named after it) or its connection; null for any other resource. */
export function pskOwner(topology: Pick<Topology, "nvas">, resource: { type: string; name: string }): PskOwner | null {
  const nva =
    resource.type === "Microsoft.Compute/virtualMachines"
      ? topology.nvas.find((n) => n.name === resource.name)
      : resource.type === "Microsoft.Network/connections"
        ? topology.nvas.find((n) => n.connectionName === resource.name)
        : undefined;
  return nva ? { nva: nva.name, secretName: nva.pskSecretName } : null;
}

/** The pinned version for this NVA and secret, or null when none is pinned (or the pin is for another secret: the spec renamed it). */
export function pinnedVersion(versions: PskVersions | undefined, nva: string, secretName: string): string | null {
  const pin = versions?.[nva];
  return pin && pin.secretName === secretName ? pin.version : null;
}

/** One NVA's step in a rotation: from the version it holds to the new one. */
export interface PskStep {
  nva: string;
  secretName: string;
  from: string;
  to: string;
}

/** Every NVA still to move: those whose pin differs from its secret's target (in plan order). */
export function pendingSteps(topology: Pick<Topology, "nvas">, versions: PskVersions, rotation: Pick<PskRotation, "targets">): PskStep[] {
  return topology.nvas.flatMap((n) => {
    const to = rotation.targets[n.pskSecretName];
    const from = pinnedVersion(versions, n.name, n.pskSecretName);
    return to && from !== to ? [{ nva: n.name, secretName: n.pskSecretName, from: from ?? "", to }] : [];
  });
}
