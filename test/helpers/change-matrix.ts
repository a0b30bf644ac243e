// The change matrix of issue 11, run exactly as a user runs it: the `bowtie`
// command line (its own program, in this process), a state folder per case
// copied from a deployed base lab, then `bowtie plan <spec> --state S --json`
// (the what-if), `bowtie deploy <spec> --state S --json` (or `bowtie
// rotate-psk`), and `plan` and `health` again to see where it converged.
// test/e2e/change-matrix.test.ts asserts on what this collects;
// bench/change-matrix.ts prints it as a table. Nothing here judges.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildProgram } from "../../cli/program.js";
import { acted, ADD_C8K_30_CREATES, REMOVE_C8K_20, SEED_LAB, THIRD_NVA } from "./seed-spec.js";

const seed = SEED_LAB;

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** One `bowtie …` command line, as bin/bowtie.js runs it (cli/main.ts), its output collected. */
export async function bowtie(...args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  let code = 0;
  const program = buildProgram({ out: (l) => out.push(l), err: (l) => err.push(l) }, (c) => (code = c));
  program.exitOverride();
  try {
    await program.parseAsync(args, { from: "user" });
  } catch (e) {
    // As cli/main.ts: one line naming the error, exit 1 (commander's own errors say theirs).
    err.push(`bowtie: ${e instanceof Error ? e.message : String(e)}`);
    code = code || 1;
  }
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** The deployed labs the cases start from (each deployed once, its state folder copied per case). */
export type BaseName = "seed" | "seed-per-connection" | "one-nva";

export const BASES: Record<BaseName, () => Record<string, any>> = {
  seed: () => structuredClone(seed),
  "seed-per-connection": () => ({ ...structuredClone(seed), keyVault: { ...seed.keyVault, pskMode: "perConnection" } }),
  "one-nva": () => ({ ...structuredClone(seed), nvas: [structuredClone(seed.nvas[0])] }),
};

export interface ChangeCase {
  /** The row's label. */
  change: string;
  base: BaseName;
  /** A changed spec deployed over the base (`bowtie deploy`), or a PSK rotation of the base (`bowtie rotate-psk`). */
  how: { edit: (spec: Record<string, any>) => void } | "rotate-psk";
  /** Every change it must make, as `action type/name` (sorted): the what-if before, and what the run reports carrying out. */
  expected: string[];
  /** A 1-NVA replacement: refused without --allow-outage (nothing written), then run with it. */
  outage?: boolean;
}

const resources = (names: readonly string[]) => [...names].sort();

/** The matrix of the "Done when". */
export const CHANGE_CASES: ChangeCase[] = [
  {
    change: "IPsec policy (GCMAES256/SHA384/DHGroup24, PFS24)",
    base: "seed",
    how: { edit: (s) => Object.assign(s.ipsec, { ikeEncryption: "GCMAES256", ikeIntegrity: "SHA384", dhGroup: "DHGroup24", pfsGroup: "PFS24" }) },
    expected: resources(["replace virtualMachines/c8k-10", "replace virtualMachines/c8k-20", "update connections/con-c8k-10", "update connections/con-c8k-20"]),
  },
  {
    change: "PSK rotation (shared)",
    base: "seed",
    how: "rotate-psk",
    expected: resources(["replace virtualMachines/c8k-10", "replace virtualMachines/c8k-20", "update connections/con-c8k-10", "update connections/con-c8k-20"]),
  },
  {
    change: "PSK rotation (perConnection)",
    base: "seed-per-connection",
    how: "rotate-psk",
    expected: resources(["replace virtualMachines/c8k-10", "replace virtualMachines/c8k-20", "update connections/con-c8k-10", "update connections/con-c8k-20"]),
  },
  {
    change: "add an NVA",
    base: "seed",
    how: { edit: (s) => s.nvas.push(structuredClone(THIRD_NVA)) },
    expected: resources([...ADD_C8K_30_CREATES, "update virtualNetworkGateways/client-Vnet-gw"]),
  },
  {
    change: "remove an NVA",
    base: "seed",
    how: { edit: (s) => (s.nvas = s.nvas.slice(0, 1)) },
    expected: resources(REMOVE_C8K_20),
  },
  {
    change: "NVA ASN (c8k-20 65002 -> 65003)",
    base: "seed",
    how: { edit: (s) => (s.nvas[1].asn = 65003) },
    expected: resources(["replace virtualMachines/c8k-20", "update bgpConnections/bgp-c8k-20", "update localNetworkGateways/lng-c8k-20"]),
  },
  {
    change: "advertised prefixes (+10.20.0.0/16 provider)",
    base: "seed",
    how: { edit: (s) => (s.advertise.provider = [...s.advertise.provider, "10.20.0.0/16"]) },
    // The inside NSG admits traffic to the advertised provider prefixes.
    expected: resources(["replace virtualMachines/c8k-10", "replace virtualMachines/c8k-20", "update networkSecurityGroups/provider-Vnet-nva-inside-nsg"]),
  },
  {
    // Azure restarts a resized VM: the NVA is drained first and resized while c8k-10 carries the traffic.
    change: "NVA VM size (c8k-20 D2as_v5 -> D4as_v5)",
    base: "seed",
    how: { edit: (s) => (s.nvas[1].vmSize = "Standard_D4as_v5") },
    expected: ["update virtualMachines/c8k-20"],
  },
  {
    change: "gateway SKU VpnGw1AZ -> VpnGw2AZ",
    base: "seed",
    how: { edit: (s) => (s.gateway.sku = "VpnGw2AZ") },
    // A resize within the generation is in place (Azure resizes VpnGw1AZ to VpnGw2AZ without a rebuild).
    expected: ["update virtualNetworkGateways/client-Vnet-gw"],
  },
  {
    change: "1 NVA: IPsec policy (replace, --allow-outage)",
    base: "one-nva",
    how: { edit: (s) => Object.assign(s.ipsec, { ikeEncryption: "GCMAES256", ikeIntegrity: "SHA384", dhGroup: "DHGroup24", pfsGroup: "PFS24" }) },
    expected: resources(["replace virtualMachines/c8k-10", "update connections/con-c8k-10"]),
    outage: true,
  },
  {
    // A resize restarts the only NVA: an outage too, refused until allowed.
    change: "1 NVA: VM size (resize, --allow-outage)",
    base: "one-nva",
    how: { edit: (s) => (s.nvas[0].vmSize = "Standard_D4as_v5") },
    expected: ["update virtualMachines/c8k-10"],
    outage: true,
  },
];

export interface Disruption {
  secondsWithoutPath: number;
  secondsBlackholed: number;
  secondsDegraded: number;
  minGatewaySessionsUp: number;
}

/** What the deploy (or rotation) printed with --json, as far as the matrix reads it. */
export interface RunOutput {
  status?: string;
  changes?: Array<{ type: string; name: string; action: string }>;
  disruption?: Disruption;
  sessions?: { gateway: Array<{ state: string }>; routeServer: Array<{ state: string }> };
  armRequests?: Record<string, number>;
  simulatedSeconds?: number;
  writes?: number;
}

export interface CaseResult {
  change: string;
  /** `plan --state` before the run: the changes, as `action type/name`, sorted. */
  whatIf: string[];
  /** Without --allow-outage (outage cases): the refused run. */
  refused?: { code: number; text: string; whatIfAfter: string[] };
  run: { code: number; output: RunOutput | null; err: string };
  /** What the run reports carrying out (its `changes`, actions other than none). */
  carriedOut: string[];
  /** ARM writes of the run (PUT, DELETE and write actions). */
  writes: number;
  /** `plan --state` after: what is still left to do (must be nothing). */
  whatIfAfter: string[];
  /** `health --state` after. */
  health: { code: number; status: string; drift: number; orphans: number; sessions: number };
}


const parse = <T>(text: string): T | null => {
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
};

/** The BGP probes are POST actions that only read (ARM meters them as writes; they are not changes). */
const READ_ACTION = /\/(getBgpPeerStatus|getLearnedRoutes|getAdvertisedRoutes|learnedRoutes|advertisedRoutes)$/i;
export function armWrites(requests: Record<string, number> = {}): number {
  return Object.entries(requests)
    .filter(([k]) => /^(PUT|DELETE|PATCH) /.test(k) || (k.startsWith("POST ") && !READ_ACTION.test(k)))
    .reduce((n, [, v]) => n + v, 0);
}

export class ChangeMatrix {
  private readonly root = mkdtempSync(join(tmpdir(), "bowtie-change-matrix-"));
  private readonly bases = new Map<BaseName, { state: string; spec: string }>();

  private writeSpec(dir: string, name: string, spec: Record<string, any>): string {
    mkdirSync(dir, { recursive: true });
    const { $schema: _schema, ...plain } = spec;
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(plain, null, 2));
    return file;
  }

  /** Deploy a base lab once (`bowtie deploy base.json --state S`); its folder is copied for every case on it. */
  async base(name: BaseName): Promise<{ state: string; spec: string }> {
    const known = this.bases.get(name);
    if (known) return known;
    const dir = join(this.root, `base-${name}`);
    const spec = this.writeSpec(dir, "spec.json", BASES[name]());
    const state = join(dir, "state");
    const r = await bowtie("deploy", spec, "--state", state, "--json");
    if (r.code !== 0) throw new Error(`the ${name} base lab did not deploy (exit ${r.code}): ${r.err.split("\n").slice(-3).join(" | ")}`);
    const made = { state, spec };
    this.bases.set(name, made);
    return made;
  }

  async run(c: ChangeCase): Promise<CaseResult> {
    const base = await this.base(c.base);
    const dir = join(this.root, c.change.replace(/[^a-z0-9]+/gi, "-").toLowerCase());
    const state = join(dir, "state");
    cpSync(base.state, state, { recursive: true });
    const next = BASES[c.base]();
    if (c.how !== "rotate-psk") c.how.edit(next);
    const spec = c.how === "rotate-psk" ? base.spec : this.writeSpec(dir, "spec.json", next);

    const whatIfNow = async () => {
      const r = await bowtie("plan", spec, "--state", state, "--json");
      if (r.code !== 0) throw new Error(`bowtie plan --state failed (exit ${r.code}): ${r.err}`);
      return acted(parse<{ changes: Array<{ type: string; name: string; action: string }> }>(r.out)?.changes ?? []);
    };
    const whatIf = c.how === "rotate-psk" ? [] : await whatIfNow();

    let refused: CaseResult["refused"];
    if (c.outage) {
      const r = await bowtie("deploy", spec, "--state", state, "--json");
      refused = { code: r.code, text: `${r.out}\n${r.err}`, whatIfAfter: await whatIfNow() };
    }
    const args = c.how === "rotate-psk" ? ["rotate-psk", spec, "--state", state, "--json"] : ["deploy", spec, "--state", state, "--json", ...(c.outage ? ["--allow-outage"] : [])];
    const r = await bowtie(...args);
    const output = parse<RunOutput>(r.out);
    const carriedOut = acted(output?.changes ?? []);
    const whatIfAfter = await whatIfNow();
    const h = await bowtie("health", spec, "--state", state, "--json");
    const report = parse<{ status: string; findings: Array<{ kind: string }> }>(h.out);
    const findings = report?.findings ?? [];
    rmSync(dir, { recursive: true, force: true });
    return {
      change: c.change,
      whatIf,
      ...(refused ? { refused } : {}),
      run: { code: r.code, output, err: r.err },
      carriedOut,
      writes: output?.writes ?? armWrites(output?.armRequests),
      whatIfAfter,
      health: {
        code: h.code,
        status: report?.status ?? `unreadable: ${h.err.split("\n").slice(-1)[0]}`,
        drift: findings.filter((f) => !["orphan", "bgp", "route", "powerState"].includes(f.kind)).length,
        orphans: findings.filter((f) => f.kind === "orphan").length,
        sessions: findings.filter((f) => f.kind === "bgp").length,
      },
    };
  }

  close(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
