// Topologies the planner tests use (ARM bodies, IOS configs): the seed lab as published, and 1-, 3- and
// 4-NVA variants of it (APIPA addresses left to the allocator, extra NVAs on
// free addresses of the seed's subnets). Variants also flip the options that
// change body shapes: SSH key vs password, zones, Route Server off.
import { readFileSync } from "node:fs";
import { topologySpecSchema } from "../../shared/spec/schema.js";
import { resolveTopology } from "../../shared/plan/topology.js";
import type { Topology } from "../../shared/plan/types.js";

const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));

const SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBowtieTestKeyBowtieTestKeyBowtieTestKey0 test@bowtie";

function withNvas(count: number): Record<string, unknown> {
  const spec = structuredClone(seed);
  const nvas = [];
  for (let i = 0; i < count; i++) {
    nvas.push({ name: `c8k-${(i + 1) * 10}`, asn: 65002, outsideIp: `10.10.0.${4 + i}`, insideIp: `10.10.1.${4 + i}` });
  }
  spec.nvas = nvas;
  return spec;
}

function resolve(spec: unknown): Topology {
  return resolveTopology(topologySpecSchema.parse(spec));
}

export function seedTopology(): Topology {
  return resolve(seed);
}

export function testTopologies(): Array<{ label: string; topo: Topology }> {
  const one = withNvas(1);
  // No Route Server, SSH key only, a zone and an explicit subscription.
  one.routeServer = { enabled: false };
  one.nvaDefaults = { ...seed.nvaDefaults, adminPasswordSecretName: undefined, sshPublicKey: SSH_KEY };
  (one.nvas as Array<Record<string, unknown>>)[0]!.zone = "1";
  one.subscriptionId = "00000000-1111-2222-3333-444444444444";

  const three = withNvas(3);
  // Both SSH key and password; per-connection PSKs.
  three.nvaDefaults = { ...seed.nvaDefaults, sshPublicKey: SSH_KEY };
  three.keyVault = { ...seed.keyVault, pskMode: "perConnection" };

  const four = withNvas(4);
  (four.nvas as Array<Record<string, unknown>>).forEach((n, i) => (n.zone = String((i % 3) + 1)));
  four.routeServer = { name: "provider-Vnet-rs", allowBranchToBranchTraffic: true };

  return [
    { label: "seed lab", topo: seedTopology() },
    { label: "1 NVA", topo: resolve(JSON.parse(JSON.stringify(one))) },
    { label: "3 NVAs", topo: resolve(three) },
    { label: "4 NVAs", topo: resolve(four) },
  ];
}
