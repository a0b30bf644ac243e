// APIPA rules. Sources: the seed and Microsoft Learn "How to configure BGP
// for VPN Gateway" — the gateway accepts custom BGP addresses only from
// 169.254.21.0–169.254.22.255; RFC 3927 §2.1 reserves 169.254.0.0/24 and
// 169.254.255.0/24 within the link-local block.
import { allocateApipa, GATEWAY_APIPA_FIRST, GATEWAY_APIPA_LAST, inGatewayApipaRange } from "../../plan/apipa.js";
import { contains } from "../cidr.js";
import type { Rule } from "../report.js";

export const gatewayApipaInRange: Rule = (spec, r) =>
  spec.nvas.forEach((n, i) =>
    n.gatewayBgpIps?.forEach((ip, j) => {
      if (!inGatewayApipaRange(ip)) {
        r.error(`$.nvas[${i}].gatewayBgpIps[${j}]`, `a gateway custom APIPA address must lie in ${GATEWAY_APIPA_FIRST}-${GATEWAY_APIPA_LAST} (Azure accepts no other)`, ip);
      }
    }),
  );

export const loopbackIsApipa: Rule = (spec, r) =>
  spec.nvas.forEach((n, i) => {
    if (!n.loopbackIp) return;
    const path = `$.nvas[${i}].loopbackIp`;
    if (!contains("169.254.0.0/16", n.loopbackIp)) r.error(path, "an NVA loopback must be an APIPA address in 169.254.0.0/16", n.loopbackIp);
    else if (contains("169.254.0.0/24", n.loopbackIp) || contains("169.254.255.0/24", n.loopbackIp)) {
      r.error(path, "an NVA loopback must not be in 169.254.0.0/24 or 169.254.255.0/24 (reserved by RFC 3927)", n.loopbackIp);
    }
  });

export const apipaUnique: Rule = (spec, r) => {
  const seen = new Map<string, string>();
  spec.nvas.forEach((n, i) => {
    const all: Array<[string, string | undefined]> = [
      [`$.nvas[${i}].loopbackIp`, n.loopbackIp],
      [`$.nvas[${i}].gatewayBgpIps[0]`, n.gatewayBgpIps?.[0]],
      [`$.nvas[${i}].gatewayBgpIps[1]`, n.gatewayBgpIps?.[1]],
    ];
    for (const [path, ip] of all) {
      if (!ip) continue;
      const first = seen.get(ip);
      if (first) r.error(path, `every APIPA address must be unique; ${ip} is already used at ${first}`, ip);
      else seen.set(ip, path);
    }
  });
};

export const apipaAllocatable: Rule = (spec, r) => {
  for (const v of allocateApipa(spec.nvas).violations) r.error(v.path, v.rule, v.value);
};
