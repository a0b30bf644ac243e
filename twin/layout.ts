// The whole twin as data: namespaces, their links onto the fabric's bridges,
// the fabric's NAT, and every router's strongSwan and FRR configuration. Pure:
// the host (host.ts) carries it out. NVA configurations are the plan's
// rendered IOS XE with its placeholders filled with the twin's values, read
// back by the emulator's IOS reader; the Azure side comes from the plan.
import { iosConfigurationFromCustomData } from "../emulator/network/ios/bootstrap.js";
import { parseIosConfig } from "../emulator/network/ios/parse.js";
import { fillText } from "../shared/plan/placeholders.js";
import type { Plan } from "../shared/plan/types.js";
import { INTERNET, twinAddresses, withLength, type TwinAddresses } from "./addresses.js";
import { gatewayInstances, routeServerInstances } from "./azure-side.js";
import { iosCoverage, type IosCoverage } from "./ios-coverage.js";
import { linuxInterface, nvaFromIos } from "./nva-from-ios.js";
import type { SwanConnection } from "./swanctl.js";

export type Bridge = "inet" | "out" | "in" | "rs";

export interface TwinLink {
  /** Interface name inside the router's namespace. */
  ifname: string;
  bridge: Bridge;
  cidr: string;
  defaultVia?: string;
}

export interface TwinRouter {
  /** Short namespace suffix: gw0, gw1, nva0.., rs0, rs1. */
  ns: string;
  kind: "gateway" | "nva" | "routeServer";
  /** The plan's name for it (NVA name, "<gateway> instance 0", "<route server> 10.10.4.4"). */
  label: string;
  links: TwinLink[];
  loopbacks: string[];
  swanctl: SwanConnection[];
  frr: string;
}

export interface TwinLayout {
  addresses: TwinAddresses;
  bridges: Array<{ bridge: Bridge; cidr: string }>;
  /** nftables script for the fabric: the NVAs' public IPs, 1:1 NAT to their outside NICs. */
  nat: string;
  routers: TwinRouter[];
  /** Per NVA: the IOS lines the twin could not express. */
  coverage: Record<string, IosCoverage>;
  /** Things in the configurations the twin could not carry over at all. */
  problems: string[];
}

function filledIos(plan: Plan, nva: string, addr: TwinAddresses, pskOf: (secretName: string) => string): string {
  const t = plan.topology;
  const pips = new Map<string, string>([
    ...t.gateway.instances.map((g) => [g.publicIpName, addr.gatewayPublicIps[g.index]] as [string, string]),
    ...t.nvas.map((n) => [n.publicIpName, addr.nvaPublicIps[n.name]!] as [string, string]),
  ]);
  const text = fillText(plan.nvaConfigs[nva]!, (ref) => {
    if (ref.kind === "publicIp" && pips.has(ref.arg)) return pips.get(ref.arg)!;
    if (ref.kind === "routeServerIp" && addr.routerIps[Number(ref.arg)]) return addr.routerIps[Number(ref.arg)]!;
    if (ref.kind === "secret") return pskOf(ref.arg);
    throw new Error(`the twin has no value for ${ref.text} in ${nva}'s configuration`);
  });
  // Through the same bootstrap unwrapping a c8000v (and the emulator) applies to customData.
  return iosConfigurationFromCustomData(Buffer.from(text, "utf8").toString("base64"));
}

function natScript(plan: Plan, addr: TwinAddresses): string {
  const nvas = plan.topology.nvas;
  return [
    "table ip nat {",
    "  chain pre {",
    "    type nat hook prerouting priority -100;",
    ...nvas.map((n) => `    ip daddr ${addr.nvaPublicIps[n.name]} dnat to ${n.outsideIp}`),
    "  }",
    "  chain post {",
    "    type nat hook postrouting priority 100;",
    ...nvas.map((n) => `    ip saddr ${n.outsideIp} ip daddr ${INTERNET} snat to ${addr.nvaPublicIps[n.name]}`),
    "  }",
    "}",
  ].join("\n");
}

export function twinLayout(plan: Plan, pskOf: (secretName: string) => string): TwinLayout {
  const t = plan.topology;
  const addr = twinAddresses(plan);
  const problems: string[] = [];
  const coverage: Record<string, IosCoverage> = {};
  const gateways = gatewayInstances(plan, addr, pskOf).map(
    (g, i): TwinRouter => ({
      ns: g.role,
      kind: "gateway",
      label: `${t.gateway.name} instance ${i}`,
      links: [{ ifname: "pub", bridge: "inet", cidr: withLength(addr.gatewayPublicIps[i as 0 | 1], INTERNET), defaultVia: addr.fabric.internet.split("/")[0] }],
      loopbacks: g.loopbacks,
      swanctl: g.swanctl,
      frr: g.frr,
    }),
  );
  const nvas = t.nvas.map((n, k): TwinRouter => {
    const text = filledIos(plan, n.name, addr, pskOf);
    const config = parseIosConfig(text);
    coverage[n.name] = iosCoverage(text);
    for (const r of config.rejected) problems.push(`${n.name} line ${r.line} (${r.text}): IOS would reject it: ${r.reason}`);
    const twin = nvaFromIos(config);
    problems.push(...twin.problems.map((p) => `${n.name}: ${p}`));
    const iface = (ios: string, bridge: Bridge): TwinLink[] => {
      const a = config.interfaces.get(ios)?.address;
      return a ? [{ ifname: linuxInterface(ios), bridge, cidr: `${a.ip}/${a.length}` }] : [];
    };
    const loop = config.interfaces.get("Loopback0")?.address;
    return {
      ns: `nva${k}`,
      kind: "nva",
      label: n.name,
      // GigabitEthernet1 is the outside NIC, GigabitEthernet2 the inside one (the c8000v's NIC order on Azure).
      links: [...iface("GigabitEthernet1", "out"), ...iface("GigabitEthernet2", "in")],
      loopbacks: loop ? [`${loop.ip}/32`] : [],
      swanctl: twin.swanctl,
      frr: twin.frr,
    };
  });
  const routeServers = routeServerInstances(plan, addr).map(
    (r, j): TwinRouter => ({
      ns: r.role,
      kind: "routeServer",
      label: `${t.routeServer!.name} ${addr.routerIps[j]}`,
      links: [{ ifname: "eth0", bridge: "rs", cidr: withLength(addr.routerIps[j]!, t.providerVnet.routeServerSubnetPrefix!), defaultVia: addr.fabric.routeServer!.split("/")[0] }],
      loopbacks: [],
      swanctl: [],
      frr: r.frr,
    }),
  );
  const bridges: TwinLayout["bridges"] = [
    { bridge: "inet", cidr: addr.fabric.internet },
    { bridge: "out", cidr: addr.fabric.outside },
    { bridge: "in", cidr: addr.fabric.inside },
    ...(addr.fabric.routeServer ? [{ bridge: "rs" as const, cidr: addr.fabric.routeServer }] : []),
  ];
  return { addresses: addr, bridges, nat: natScript(plan, addr), routers: [...gateways, ...nvas, ...routeServers], coverage, problems };
}
