// One twin run: lay out, bring up (fabric, namespaces, links, NAT, charon,
// FRR, then the IKE connections once the NVAs' static routes are in, as
// TWIN.md found they must be), wait until every tunnel and session is up or
// the time runs out, read the network back, tear everything down.
import type { BgpAssessment } from "../shared/health/bgp-assessment.js";
import { assessBgp } from "../shared/health/bgp-assessment.js";
import type { Plan } from "../shared/plan/types.js";
import { TwinHost } from "./host.js";
import { BLIND_SPOTS, type IosCoverage } from "./ios-coverage.js";
import { twinLayout, type TwinLayout } from "./layout.js";
import { observeTwin } from "./observe.js";
import { swanctlConf } from "./swanctl.js";

export interface TwinResult {
  status: "Succeeded" | "Failed";
  deployment: string;
  sessions: Pick<BgpAssessment, "gateway" | "routeServer">;
  tunnels: Array<{ connection: string; instance: 0 | 1; state: string }>;
  problems: BgpAssessment["problems"];
  missingRoutes: BgpAssessment["missingRoutes"];
  routes: { gateway: string[]; routeServer: Record<string, string[]> };
  /** Per NVA: IOS lines the twin could not express, and the twin's known blind spots. */
  notExpressed: Record<string, IosCoverage["notExpressed"]>;
  blindSpots: string[];
  configurationProblems: string[];
  /** Wall seconds from the first namespace to every session up (or to giving up). */
  upSeconds: number;
  /** Where the daemons' logs are, when kept. */
  workDir?: string;
}

export interface TwinOptions {
  /** Give up waiting after this long (wall seconds). */
  timeoutSeconds?: number;
  /** Keep the work folder (logs, configurations) after teardown. */
  keep?: boolean;
  onProgress?: (line: string) => void;
  /** Stop waiting once this holds (default: every session up and every route learned). */
  until?: (assessment: BgpAssessment) => boolean;
  /** Called with the host once everything is up, before teardown (fault tests cut links here). */
  whileUp?: (host: TwinHost, layout: TwinLayout) => Promise<void>;
}

/** The fabric's end of a router's j-th link (to cut a router off, set these down). */
export function fabricPort(layout: TwinLayout, ns: string, j: number): string {
  return `p${layout.routers.findIndex((r) => r.ns === ns)}x${j}`;
}

async function bringUp(host: TwinHost, layout: TwinLayout): Promise<void> {
  host.addNamespace("fab");
  host.exec("fab", "sysctl", ["-qw", "net.ipv4.ip_forward=1"]);
  for (const b of layout.bridges) {
    host.ip("fab", "link", "add", `br${b.bridge}`, "type", "bridge");
    host.ip("fab", "link", "set", `br${b.bridge}`, "up");
    host.ip("fab", "addr", "add", b.cidr, "dev", `br${b.bridge}`);
  }
  host.exec("fab", "nft", ["-f", "-"], layout.nat);
  layout.routers.forEach((r, k) => {
    host.addNamespace(r.ns);
    r.links.forEach((l, j) => {
      const port = fabricPort(layout, r.ns, j);
      host.veth(r.ns, l.ifname, "fab", port);
      host.ip("fab", "link", "set", port, "master", `br${l.bridge}`);
      host.ip(r.ns, "addr", "add", l.cidr, "dev", l.ifname);
      if (l.defaultVia) host.ip(r.ns, "route", "add", "default", "via", l.defaultVia);
    });
    for (const lo of r.loopbacks) host.ip(r.ns, "addr", "add", lo, "dev", "lo");
  });
  // charon first: kernel-libipsec makes ipsec0, which FRR's static routes need.
  await Promise.all(layout.routers.filter((r) => r.swanctl.length > 0).map((r) => host.startCharon(r.ns)));
  for (const r of layout.routers) await host.startFrr(r.ns, r.frr);
  // An NVA reaches the gateways through its static default route: load IKE only once staticd installed it.
  for (const r of layout.routers.filter((x) => x.kind === "nva")) {
    await host.waitFor(() => host.exec(r.ns, "ip", ["route", "show", "default"]).trim() !== "", 30_000, `${r.label}'s static default route`);
  }
  for (const r of layout.routers.filter((x) => x.kind === "gateway")) host.loadSwanctl(r.ns, swanctlConf(r.swanctl));
  for (const r of layout.routers.filter((x) => x.kind === "nva" && x.swanctl.length > 0)) host.loadSwanctl(r.ns, swanctlConf(r.swanctl));
}

export async function runTwin(plan: Plan, pskOf: (secretName: string) => string, options: TwinOptions = {}): Promise<TwinResult> {
  const layout = twinLayout(plan, pskOf);
  const host = new TwinHost();
  const say = options.onProgress ?? (() => undefined);
  const started = Date.now();
  const stop = async () => host.teardown(options.keep);
  // Ctrl-C or a kill still removes every namespace and daemon.
  const onSignal = () => void stop().finally(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    say(`bringing up ${layout.routers.length + 1} namespaces (prefix ${host.prefix})`);
    await bringUp(host, layout);
    say("daemons up, waiting for tunnels and sessions");
    const look = () => {
      const observed = observeTwin(host, plan, layout.addresses);
      return { observed, assessment: assessBgp(plan, observed, layout.addresses.routerIps) };
    };
    let { observed, assessment } = look();
    const until = started + (options.timeoutSeconds ?? 60) * 1000;
    const done = options.until ?? ((a: BgpAssessment) => a.healthy);
    while (!done(assessment) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 500));
      ({ observed, assessment } = look());
    }
    const upSeconds = (Date.now() - started) / 1000;
    if (options.whileUp) await options.whileUp(host, layout);
    return {
      status: assessment.healthy ? "Succeeded" : "Failed",
      deployment: plan.deployment,
      sessions: { gateway: assessment.gateway, routeServer: assessment.routeServer },
      tunnels: observed.tunnels,
      problems: assessment.problems,
      missingRoutes: assessment.missingRoutes,
      routes: { gateway: observed.gatewayLearned, routeServer: observed.routeServerLearned },
      notExpressed: Object.fromEntries(Object.entries(layout.coverage).map(([nva, c]) => [nva, c.notExpressed])),
      blindSpots: BLIND_SPOTS,
      configurationProblems: layout.problems,
      upSeconds,
      ...(options.keep ? { workDir: host.work } : {}),
    };
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    await stop();
  }
}
