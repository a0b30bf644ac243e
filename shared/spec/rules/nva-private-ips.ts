// The NVAs' static private IPs: the outside IP inside the outside subnet,
// the inside IP inside the inside subnet, neither one Azure reserves, and
// all of them distinct. Source: Microsoft Learn "Azure Virtual Network FAQ"
// (Azure reserves the first four addresses — network, default gateway, two
// for DNS — and the last, broadcast, address of every subnet; a NIC's static
// IP must come from its subnet).
import { contains, isAzureReserved } from "../cidr.js";
import type { Rule } from "../report.js";

export const nvaAddressesUsable: Rule = (spec, r) => {
  const seen = new Map<string, string>();
  spec.nvas.forEach((n, i) => {
    const pairs: Array<[string, string, { name: string; prefix: string }]> = [
      [`$.nvas[${i}].outsideIp`, n.outsideIp, spec.providerVnet.outsideSubnet],
      [`$.nvas[${i}].insideIp`, n.insideIp, spec.providerVnet.insideSubnet],
    ];
    for (const [path, ip, subnet] of pairs) {
      if (!contains(subnet.prefix, ip)) r.error(path, `must lie inside the ${subnet.name} subnet ${subnet.prefix}`, ip);
      else if (isAzureReserved(subnet.prefix, ip)) {
        r.error(path, `Azure reserves the first four and the last address of ${subnet.prefix} (network, gateway, DNS, broadcast)`, ip);
      }
      const first = seen.get(ip);
      if (first) r.error(path, `NVA private IPs must be unique; ${ip} is already used at ${first}`, ip);
      else seen.set(ip, path);
    }
  });
};
