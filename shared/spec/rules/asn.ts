// ASN rules. Sources: Microsoft Learn VPN Gateway FAQ (BGP section, see
// ARM-FACTS §4.1) — ASNs reserved by Azure: 8074, 8075, 12076 (public) and
// 65515, 65517-65520 (private); by IANA: 23456, 64496-64511, 65535-65551
// and 4294967295 (0 and 4294967295 per RFC 7300; the schema already limits
// ASNs to 1-4294967294). Route Server FAQ (ARM-FACTS §4.4) — Route Server is
// AS 65515, its peers must use another ASN, and support for 4-byte peer ASNs
// is UNCONFIRMED (the older FAQ said 2-byte only), hence a warning.
import type { Rule } from "../report.js";

const AZURE_RESERVED = new Set([8074, 8075, 12076, 65515, 65517, 65518, 65519, 65520]);
const ROUTE_SERVER_ASN = 65515;

export function reservedReason(asn: number): string | null {
  if (AZURE_RESERVED.has(asn)) return "reserved by Azure (8074, 8075, 12076, 65515, 65517-65520)";
  if (asn === 0 || asn === 23456 || (asn >= 64496 && asn <= 64511) || (asn >= 65535 && asn <= 65551) || asn === 4294967295) {
    return "reserved by IANA (0, 23456, 64496-64511, 65535-65551, 4294967295)";
  }
  return null;
}

export const nvaAsnsUsable: Rule = (spec, r) =>
  spec.nvas.forEach((n, i) => {
    const why = reservedReason(n.asn);
    if (why) r.error(`$.nvas[${i}].asn`, `an NVA ASN must not be ${why}`, n.asn);
    else if (spec.routeServer.enabled && n.asn > 65535) {
      r.warn(`$.nvas[${i}].asn`, "a 4-byte ASN peering with Route Server: support is UNCONFIRMED (older Route Server documentation allows 2-byte peer ASNs only)", n.asn);
    }
  });

export const gatewayAsnUsable: Rule = (spec, r) => {
  const asn = spec.gateway.asn;
  if (asn === ROUTE_SERVER_ASN) {
    // 65515 is the gateway's own default, but Route Server is 65515 too: routes the NVAs relay from the
    // gateway would carry 65515 in their AS path and Route Server would drop them as a loop.
    if (spec.routeServer.enabled) {
      r.error("$.gateway.asn", "the gateway ASN must not be 65515 when Route Server is used (Route Server is AS 65515 and would drop the gateway's routes as an AS-path loop)", asn);
    }
  } else {
    const why = reservedReason(asn);
    if (why) r.error("$.gateway.asn", `the gateway ASN must not be ${why}`, asn);
  }
  const same = spec.nvas.findIndex((n) => n.asn === asn);
  if (same >= 0) r.error("$.gateway.asn", `the gateway ASN must differ from the NVAs' ASN (the sessions are eBGP); $.nvas[${same}].asn is also ${asn}`, asn);
};
