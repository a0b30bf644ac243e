// npm run bench (on Linux as root with the twin's packages): how long a dead
// NVA takes to notice, in the real-protocol twin and in the emulator's timing
// model. The seed lab comes up in the twin; then c8k-10 dies without a word
// (its links cut, then its daemons killed) and every second the gateway's
// IKE SAs, BGP sessions and paths and Route Server's sessions are read.
// Azure's timers (keepalive 60 s, hold 180 s) make this take about 3 minutes.
import { readFileSync } from "node:fs";
import { textTable } from "../cli/format/table.js";
import { planFromSpec } from "../shared/plan/plan.js";
import { validateSpec } from "../shared/spec/validate.js";
import { twinUnavailable } from "../twin/host.js";
import { observeTwin } from "../twin/observe.js";
import { fabricPort, runTwin } from "../twin/run-twin.js";

const why = twinUnavailable();
if (why) {
  console.log(`Twin failover: not measured (${why})`);
  process.exit(0);
}
const r = validateSpec(JSON.parse(readFileSync(new URL("../examples/seed-lab.json", import.meta.url), "utf8")));
if (!r.ok) throw new Error("seed invalid");
const plan = planFromSpec(r.spec);
const dead = plan.topology.nvas[0]!;
const events = new Map<string, number>();
await runTwin(plan, (n) => `bench-${n}-0123456789`, {
  whileUp: async (host, layout) => {
    const router = layout.routers.find((x) => x.label === dead.name)!;
    router.links.forEach((_, j) => host.ip("fab", "link", "set", fabricPort(layout, router.ns, j), "down"));
    host.killRouter(router.ns);
    const t0 = Date.now();
    const mark = (what: string, happened: boolean) => happened && !events.has(what) && events.set(what, (Date.now() - t0) / 1000);
    while ((Date.now() - t0) / 1000 < 260 && events.size < 4) {
      const o = observeTwin(host, plan, layout.addresses);
      mark("gateway tunnels to the NVA gone (DPD)", o.tunnels.filter((t) => t.connection === dead.connectionName).every((t) => t.state !== "Connected"));
      mark("gateway BGP sessions to the NVA down (hold timer)", o.gatewayPeers.filter((p) => p.neighbor === dead.loopbackIp).every((p) => p.state !== "Connected"));
      mark("Route Server sessions to the NVA down (hold timer)", o.routeServerPeers.filter((p) => p.peerIp === dead.insideIp).every((p) => p.state !== "Connected"));
      mark("gateway routes via the NVA withdrawn", o.gatewayPeers.filter((p) => p.neighbor === dead.loopbackIp).every((p) => (p.routesReceived ?? 0) === 0));
      await new Promise((res) => setTimeout(res, 1000));
    }
  },
});
// The emulator's model (emulator/network/convergence.ts): DPD after the connection's dpdTimeoutSeconds, sessions held for the hold time.
const model: Record<string, number> = {
  "gateway tunnels to the NVA gone (DPD)": plan.topology.connection.dpdTimeoutSeconds,
  "gateway BGP sessions to the NVA down (hold timer)": 180,
  "Route Server sessions to the NVA down (hold timer)": 180,
  "gateway routes via the NVA withdrawn": 180,
};
console.log(`Dead NVA (${dead.name}): seconds from its death until each side notices (twin: strongSwan DPD every 10 s, 3 retransmits; BGP keepalive 60 s, hold 180 s)`);
console.log(textTable(["event", "twin s", "emulator model s"], Object.keys(model).map((k) => [k, events.has(k) ? events.get(k)!.toFixed(1) : "not seen", model[k]!])));
