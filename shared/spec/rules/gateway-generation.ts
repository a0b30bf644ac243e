// VpnGw1AZ is offered as Generation1 only. Sources: Microsoft Learn "About
// gateway SKUs" (the SKU table lists VpnGw1AZ under Generation1 only;
// Generation2 starts at VpnGw2AZ) and ARM-FACTS §4.3 (Azure quickstart
// "site-to-site-vpn-fqdn-bgp").
import type { Rule } from "../report.js";

export const gatewayGeneration: Rule = (spec, r) => {
  if (spec.gateway.sku === "VpnGw1AZ" && spec.gateway.generation === "Generation2") {
    r.error("$.gateway.generation", "VpnGw1AZ exists as Generation1 only; choose VpnGw2AZ or larger for Generation2", spec.gateway.generation);
  }
};
