// One IPsec connection per NVA. In active-active mode a connection is two
// tunnels, one per gateway instance; gatewayCustomBgpIpAddresses picks which
// custom APIPA address of each instance this NVA's BGP sessions use.
import { slot } from "../placeholder-slots.js";
import type { NvaPlan, PlannedResource, Topology } from "../types.js";
import { ids } from "./ids.js";
import { planned, ref } from "./resource.js";

export function connection(topo: Topology, nva: NvaPlan): PlannedResource {
  const gatewayId = ids.gateway(topo);
  const lngId = ids.localGateway(topo, nva.localNetworkGatewayName);
  const p = topo.ipsec;
  // Both ends the body references must exist. This is the only edge onto the
  // gateway (30-45 min): nothing else in the plan waits for it.
  return planned("Microsoft.Network/connections", ids.connection(topo, nva.connectionName), [gatewayId, lngId], {
    location: topo.location,
    tags: topo.tags,
    properties: {
      connectionType: "IPsec",
      connectionProtocol: "IKEv2",
      enableBgp: true,
      routingWeight: topo.connection.routingWeight,
      dpdTimeoutSeconds: topo.connection.dpdTimeoutSeconds,
      sharedKey: slot.secret(nva.pskSecretName),
      usePolicyBasedTrafficSelectors: false,
      ipsecPolicies: [
        {
          saLifeTimeSeconds: p.saLifeTimeSeconds,
          saDataSizeKilobytes: p.saDataSizeKilobytes,
          ipsecEncryption: p.ipsecEncryption,
          ipsecIntegrity: p.ipsecIntegrity,
          ikeEncryption: p.ikeEncryption,
          ikeIntegrity: p.ikeIntegrity,
          dhGroup: p.dhGroup,
          pfsGroup: p.pfsGroup,
        },
      ],
      // `properties: {}` beside the id: the swagger marks properties required on
      // both gateway types, and the SDK's serializer always emits it, so this is
      // what ARM receives from any SDK caller (see sdk-models.ts).
      virtualNetworkGateway1: { ...ref(gatewayId), properties: {} },
      localNetworkGateway2: { ...ref(lngId), properties: {} },
      gatewayCustomBgpIpAddresses: topo.gateway.instances.map((i) => ({
        ipConfigurationId: slot.armId(ids.gatewayIpConfig(topo, i.ipConfigName)),
        customBgpIpAddress: nva.gatewayBgpIps[i.index],
      })),
    },
  });
}

export function connections(topo: Topology): PlannedResource[] {
  return topo.nvas.map((n) => connection(topo, n));
}
