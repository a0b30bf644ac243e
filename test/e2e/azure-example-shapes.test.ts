// Azure's published example responses (Azure/azure-rest-api-specs, copies in
// test/fixtures/azure-specs) against what the emulator answers for a deployed
// seed lab: every key path of the example must be in ours, but for the
// features Bowtie never configures (point-to-site, NAT rules, custom routes),
// listed here. Values differ; shapes may not.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import https from "node:https";
import { startLocalStack, type LocalStack } from "../../emulator/local-stack.js";
import { validateSpec } from "../../shared/spec/validate.js";
import { keyPaths } from "../helpers/json-shape.js";

const SPECS = new URL("../fixtures/azure-specs/", import.meta.url);
const NOT_MODELLED = /natRules\[\]\.|vpnClientConfiguration|customRoutes|ingressNatRules\[\]|egressNatRules\[\]|ipsecPolicies\[\]$|trafficSelectorPolicies\[\]$|privateIPAddressPrefixLength|ipConfiguration(\.id)?$|securityRules\[\]\.properties\.sourceAddressPrefix$/;

let stack: LocalStack;
let call: (method: string, path: string) => Promise<unknown>;
let base: string;

before(async () => {
  const r = validateSpec(JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8")));
  if (!r.ok) throw new Error("seed invalid");
  stack = await startLocalStack();
  await stack.seedSecrets(r.spec);
  await stack.host.waitForCompletion(stack.host.start("deployTopology", { input: { spec: r.spec } }));
  const token = (await stack.emulator.credential.getToken("https://management.azure.com/.default"))!.token;
  base = `/subscriptions/${stack.emulator.subscriptionId}/resourceGroups/${r.spec.resourceGroup}/providers/Microsoft.Network`;
  const send = (method: string, url: string) =>
    new Promise<{ status: number; location?: string; body: unknown }>((resolve, reject) => {
      const q = https.request(url, { method, ca: stack.emulator.caCertPem, headers: { authorization: `Bearer ${token}` } }, (s) => {
        let t = "";
        s.on("data", (c) => (t += c));
        s.on("end", () => resolve({ status: s.statusCode!, location: s.headers.location, body: JSON.parse(t || "null") }));
      });
      q.on("error", reject);
      q.end();
    });
  // A POST probe answers 202; its result is the 200 body of the operation's Location, as the SDK fetches it.
  call = async (method, path) => {
    const first = await send(method, `${stack.emulator.endpoint}${path}?api-version=2026-01-01`);
    return first.status === 202 && first.location ? (await send("GET", first.location)).body : first.body;
  };
});
after(async () => stack.close());

const cases: Array<[string, string, string]> = [
  ["VirtualNetworkGatewayGet.json", "GET", "virtualNetworkGateways/client-Vnet-gw"],
  ["VirtualNetworkGatewayConnectionGet.json", "GET", "connections/con-c8k-10"],
  ["LocalNetworkGatewayGet.json", "GET", "localNetworkGateways/lng-c8k-10"],
  ["VirtualNetworkGatewayConnectionGetSharedKey.json", "GET", "connections/con-c8k-10/sharedkey"],
  ["VirtualHubIpConfigurationPut.json", "GET", "virtualHubs/provider-Vnet-rs/ipConfigurations/ipconfig1"],
  ["VirtualRouterPeerListLearnedRoute.json", "POST", "virtualHubs/provider-Vnet-rs/bgpConnections/bgp-c8k-10/learnedRoutes"],
  ["VirtualRouterPeerListAdvertisedRoute.json", "POST", "virtualHubs/provider-Vnet-rs/bgpConnections/bgp-c8k-10/advertisedRoutes"],
  ["PublicIpAddressCreateDefaults.json", "GET", "publicIPAddresses/c8k-1-pip"],
  ["NetworkInterfaceCreate.json", "GET", "networkInterfaces/c8k-10-outside-nic"],
  ["NetworkSecurityGroupCreateWithRule.json", "GET", "networkSecurityGroups/provider-Vnet-nva-outside-nsg"],
];

for (const [file, method, path] of cases) {
  test(`${file}: the emulator's ${method} answer has the example's shape`, async () => {
    const example = JSON.parse(readFileSync(new URL(`2024-05-01/examples/${file}`, SPECS), "utf8")).responses["200"].body;
    const ours = new Set(keyPaths(await call(method, `${base}/${path}`)));
    const missing = keyPaths(example).filter((p) => !ours.has(p) && !NOT_MODELLED.test(p));
    assert.deepEqual(missing, []);
  });
}
