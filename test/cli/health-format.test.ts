// `bowtie health` reads as a person expects: names, not ARM ids; elapsed
// simulated time, not 2030 dates; long likely causes in full below the table.
import { test } from "node:test";
import assert from "node:assert/strict";
import { elapsed, healthReportLines, pathLabel, resourceLabel } from "../../cli/format/health-report.js";
import type { HealthReport } from "../../shared/health/report.js";

const RG = "/subscriptions/00000000-0000-4000-8000-00000000b0b0/resourceGroups/lab-rg/providers";
const START = Date.UTC(2030, 0, 1);

test("resources by name and type, hub children with their hub", () => {
  assert.equal(resourceLabel(`${RG}/Microsoft.Network/virtualNetworkGateways/client-Vnet-gw`), "client-Vnet-gw (virtualNetworkGateways)");
  assert.equal(resourceLabel(`${RG}/Microsoft.Network/virtualHubs/rs/bgpConnections/c8k-10`), "c8k-10 (virtualHubs/bgpConnections of rs)");
  assert.equal(resourceLabel("gateway instance 0 169.254.21.2 ⇄ c8k-10 169.254.21.1"), "gateway instance 0 169.254.21.2 ⇄ c8k-10 169.254.21.1");
});

test("ipConfiguration ids inside a property path become their names", () => {
  const path = `bgpSettings.bgpPeeringAddresses[${RG.toLowerCase()}/microsoft.network/virtualnetworkgateways/client-vnet-gw/ipconfigurations/vnetgwconfig].customBgpIpAddresses`;
  assert.equal(pathLabel(path), "bgpSettings.bgpPeeringAddresses[vnetgwconfig].customBgpIpAddresses");
});

test("times are elapsed simulated time from the emulator clock's start", () => {
  assert.equal(elapsed(0), "0:00:00");
  assert.equal(elapsed(39 * 60_000 + 5_000), "0:39:05");
  assert.equal(elapsed(25 * 3600_000), "25:00:00");
  const report: HealthReport = {
    deployment: "lab",
    checkedAt: new Date(START + 2400_000).toISOString(),
    status: "degraded",
    findings: [
      { severity: "critical", kind: "drift", resource: `${RG}/Microsoft.Network/virtualNetworkGateways/gw`, path: `x[${RG}/Microsoft.Network/virtualNetworkGateways/gw/ipConfigurations/cfg0].y`, expected: ["169.254.21.2"], actual: ["169.254.21.9"], since: new Date(START + 60_000).toISOString() },
      { severity: "critical", kind: "bgp", resource: "gateway instance 0 169.254.21.2 ⇄ c8k-10 169.254.21.1", expected: "Connected", actual: `Connecting (${"a very long likely cause ".repeat(4)}end)`, since: new Date(START + 2400_000).toISOString() },
    ],
  };
  const text = healthReportLines(report, START).join("\n");
  assert.match(text, /^Deployment lab: degraded \(checked at \+0:40:00 simulated\)/);
  assert.match(text, /\+0:01:00/);
  assert.doesNotMatch(text, /\/subscriptions\/|2030-/);
  assert.match(text, /gw \(virtualNetworkGateways\)\s+x\[cfg0\]\.y/);
  // The cut cause points to its full text below the table.
  assert.match(text, /… \[2\]/);
  assert.match(text, /^\[2\] gateway instance 0 .*: Connecting \(.*end\)$/m);
});
