// The Azure side of the twin, from the plan: each gateway instance (its
// public IP, one custom APIPA address per NVA, the gateway ASN, the
// connection's IPsec policy and PSK) and each Route Server instance (router
// IP, ASN 65515, one peer per NVA inside address). Azure's BGP timers:
// keepalive 60 s, hold 180 s.
import type { Plan } from "../shared/plan/types.js";
import type { TwinAddresses } from "./addresses.js";
import { azureEspProposal, azureIkeProposal } from "./proposals.js";
import type { SwanConnection } from "./swanctl.js";

export interface AzureRouterTwin {
  /** Namespace role: gw0, gw1, rs0, rs1. */
  role: string;
  /** Loopback addresses (/32) the router owns besides its link address. */
  loopbacks: string[];
  swanctl: SwanConnection[];
  frr: string;
}

const KEEPALIVE = 60;
const HOLD = 180;
/** The Azure side retries a TCP connect every few seconds, so a session comes up soon after its tunnel rather than after FRR's default 120 s. */
const CONNECT_RETRY = 5;

export function gatewayInstances(plan: Plan, addr: TwinAddresses, pskOf: (secretName: string) => string): AzureRouterTwin[] {
  const t = plan.topology;
  return ([0, 1] as const).map((i) => {
    const apipa = t.nvas.map((n) => n.gatewayBgpIps[i]);
    const frr = [
      "frr defaults traditional",
      `hostname gw${i}`,
      // The gateway originates its VNet's address space.
      ...t.clientVnet.addressSpace.map((p) => `ip route ${p} blackhole`),
      ...t.nvas.map((n) => `ip route ${n.loopbackIp}/32 ipsec0`),
      `router bgp ${t.gateway.asn}`,
      ` bgp router-id ${apipa[0]}`,
      " no bgp ebgp-requires-policy",
      // Two equal paths (one per NVA) are both used, as the gateway does.
      ...t.nvas.flatMap((n, k) => [
        ` neighbor ${n.loopbackIp} remote-as ${n.asn}`,
        ` neighbor ${n.loopbackIp} ebgp-multihop 2`,
        ` neighbor ${n.loopbackIp} update-source ${apipa[k]}`,
        ` neighbor ${n.loopbackIp} timers ${KEEPALIVE} ${HOLD}`,
        ` neighbor ${n.loopbackIp} timers connect ${CONNECT_RETRY}`,
      ]),
      " address-family ipv4 unicast",
      ...t.clientVnet.addressSpace.map((p) => `  network ${p}`),
      "  maximum-paths 8",
      " exit-address-family",
    ].join("\n");
    const swanctl = t.nvas.map((n, k) => ({
      name: n.name,
      localAddress: addr.gatewayPublicIps[i],
      remoteAddress: addr.nvaPublicIps[n.name]!,
      localId: addr.gatewayPublicIps[i],
      remoteId: addr.nvaPublicIps[n.name]!,
      ikeProposals: [azureIkeProposal(t.ipsec)],
      espProposals: [azureEspProposal(t.ipsec)],
      localTs: `${apipa[k]}/32`,
      remoteTs: `${n.loopbackIp}/32`,
      psk: pskOf(n.pskSecretName),
      initiate: false,
      // Azure declares a peer dead after the connection's DPD timeout; probing every 10 s gets there.
      dpdSeconds: 10,
      ikeLifetimeSeconds: 28800,
      childLifetimeSeconds: t.ipsec.saLifeTimeSeconds,
    }));
    return { role: `gw${i}`, loopbacks: apipa.map((a) => `${a}/32`), swanctl, frr };
  });
}

export function routeServerInstances(plan: Plan, addr: TwinAddresses): AzureRouterTwin[] {
  const t = plan.topology;
  if (!t.routeServer) return [];
  return addr.routerIps.map((ip, j) => ({
    role: `rs${j}`,
    loopbacks: [],
    swanctl: [],
    frr: [
      "frr defaults traditional",
      `hostname rs${j}`,
      // Route Server advertises the VNet it lives in to every NVA; the VNet is reached through the fabric.
      ...t.providerVnet.addressSpace.map((p) => `ip route ${p} ${addr.fabric.routeServer!.split("/")[0]}`),
      `router bgp ${t.routeServer!.asn}`,
      ` bgp router-id ${ip}`,
      " no bgp ebgp-requires-policy",
      ...t.nvas.flatMap((n) => [
        ` neighbor ${n.insideIp} remote-as ${n.asn}`,
        ` neighbor ${n.insideIp} ebgp-multihop 255`,
        ` neighbor ${n.insideIp} timers ${KEEPALIVE} ${HOLD}`,
        ` neighbor ${n.insideIp} timers connect ${CONNECT_RETRY}`,
      ]),
      " address-family ipv4 unicast",
      ...t.providerVnet.addressSpace.map((p) => `  network ${p}`),
      "  maximum-paths 8",
      " exit-address-family",
    ].join("\n"),
  }));
}
