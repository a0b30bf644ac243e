// beginPskRotation: a rotation's first step. Writes a NEW random PSK version
// to Key Vault for every PSK secret of the deployment (shared mode: one;
// perConnection: one per NVA) and records in the deployment row which
// version each secret moves to. The value is made and written here and goes
// nowhere else: the orchestration gets version ids only.
//
// Before a new version exists, every NVA without a pin is pinned to the
// version it holds now (the latest, until this write): otherwise an NVA not
// rolled yet would be "repaired" to the new key by the next apply.
//
// A rotation already recorded (a crashed run of the same instance, restarted)
// is resumed: its targets are returned as they are, no new version is made,
// and NVAs already on their target are not rolled again.
import { randomBytes } from "node:crypto";
import { resolveTopology } from "../../shared/plan/topology.js";
import { pendingSteps, pinnedVersion, type PskRotation, type PskVersions } from "../../shared/psk/psk-versions.js";
import type { BeginPskRotationInput, BeginPskRotationOutput } from "../contracts.js";
import { azureTarget } from "../azure-target.js";
import { latestVersion } from "../arm/psk-pins.js";
import { checkSecretValue } from "../arm/secret-rules.js";

/** 32 random bytes as base64url: 43 characters of [A-Za-z0-9_-], inside what Azure and IOS XE accept (secret-rules.ts). */
export const newPsk = (): string => randomBytes(32).toString("base64url");

export async function beginPskRotation(input: BeginPskRotationInput): Promise<BeginPskRotationOutput> {
  const target = azureTarget();
  const { spec } = input;
  const deployment = spec.name;
  const vaultUrl = spec.keyVault.vaultUrl;
  const topology = resolveTopology(spec);
  const record = await target.registry.get(deployment);
  if (!record) throw new Error(`deployment ${deployment} is not registered: deploy it before rotating its PSK`);

  if (record.pskRotation) {
    const missing = topology.nvas.filter((n) => !record.pskRotation!.targets[n.pskSecretName]);
    if (missing.length === 0) {
      return { targets: record.pskRotation.targets, steps: pendingSteps(topology, record.pskVersions ?? {}, record.pskRotation), resumed: true };
    }
    // A rotation recorded under another spec (a secret it did not cover): start a fresh one over the pins as they are.
  }

  // Pin what every NVA holds before the new version exists.
  const pins: PskVersions = { ...record.pskVersions };
  for (const n of topology.nvas) {
    if (!pinnedVersion(pins, n.name, n.pskSecretName)) pins[n.name] = { secretName: n.pskSecretName, version: await latestVersion(target, vaultUrl, n.pskSecretName) };
  }
  await target.registry.mutate(deployment, (current) => ({ ...current, pskVersions: { ...pins, ...pinsKept(current.pskVersions, topology.nvas) } }));

  const targets: Record<string, string> = {};
  for (const secretName of [...new Set(topology.nvas.map((n) => n.pskSecretName))]) {
    const value = newPsk();
    checkSecretValue(secretName, "psk", value);
    const written = await target.secrets(vaultUrl).setSecret(secretName, value, { contentType: "bowtie-psk" });
    if (!written.properties.version) throw new Error(`Key Vault did not return a version for ${secretName}`);
    targets[secretName] = written.properties.version;
  }
  const rotation: PskRotation = { instanceId: input.instanceId, targets, startedAt: target.now().toISOString() };
  const stored = await target.registry.mutate(deployment, (current) => ({ ...current, pskRotation: rotation }));
  return { targets, steps: pendingSteps(topology, stored?.pskVersions ?? pins, rotation), resumed: false };
}

/** Pins another writer made meanwhile win over ours (they were made from what existed then, as ours were). */
function pinsKept(current: PskVersions | undefined, nvas: Array<{ name: string; pskSecretName: string }>): PskVersions {
  return Object.fromEntries(nvas.flatMap((n) => (pinnedVersion(current, n.name, n.pskSecretName) ? [[n.name, current![n.name]!]] : [])));
}
