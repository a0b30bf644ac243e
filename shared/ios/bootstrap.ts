// The Catalyst 8000v day-0 file Azure passes as VM customData: an IOS
// configuration section and a License section. On the public-cloud c8000v
// the License section takes `TechPackage:<level>` (network-essentials,
// network-advantage or network-premier; the CSR1000v-era ax/security values
// are not accepted). network-advantage covers IKEv2/IPsec tunnels and BGP,
// so the router boots ready: no licence change and reboot by hand.
// Source: Cisco Catalyst 8000V Edge Software Installation and Configuration
// Guide, "Day 0 Configuration" (Configuring the License property).
export const TECH_PACKAGE = "network-advantage";

export function wrapDay0(iosLines: string[]): string {
  return ["Section: IOS configuration", ...iosLines, "", "Section: License", `TechPackage:${TECH_PACKAGE}`, ""].join("\n");
}
