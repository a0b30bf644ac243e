// swanctl.conf text for one charon: IKEv2 with PSK, one child per
// connection with /32 traffic selectors (kernel-libipsec has one tun device,
// so policy-based selectors do what IOS's route-based VTIs do).
export interface SwanConnection {
  name: string;
  localAddress: string;
  remoteAddress: string;
  localId: string;
  remoteId: string;
  ikeProposals: string[];
  espProposals: string[];
  localTs: string;
  remoteTs: string;
  psk: string;
  /** true: start the SA at load (an IOS tunnel); false: answer only (Azure waits for the NVA here). */
  initiate: boolean;
  dpdSeconds: number;
  ikeLifetimeSeconds: number;
  childLifetimeSeconds: number;
}

/** swanctl strings are double-quoted; a PSK holding a quote or backslash is escaped. */
const quoted = (s: string) => `"${s.replace(/[\\"]/g, (m) => `\\${m}`)}"`;

export function swanctlConf(connections: SwanConnection[]): string {
  const conns = connections.map((c) =>
    [
      `  ${c.name} {`,
      "    version = 2",
      `    local_addrs = ${c.localAddress}`,
      `    remote_addrs = ${c.remoteAddress}`,
      `    proposals = ${c.ikeProposals.join(",")}`,
      `    rekey_time = ${c.ikeLifetimeSeconds}s`,
      `    dpd_delay = ${c.dpdSeconds}s`,
      `    local { auth = psk`,
      `            id = ${c.localId} }`,
      `    remote { auth = psk`,
      `             id = ${c.remoteId} }`,
      "    children {",
      `      ${c.name} {`,
      `        local_ts = ${c.localTs}`,
      `        remote_ts = ${c.remoteTs}`,
      `        esp_proposals = ${c.espProposals.join(",")}`,
      `        rekey_time = ${c.childLifetimeSeconds}s`,
      `        start_action = ${c.initiate ? "start" : "none"}`,
      `        dpd_action = ${c.initiate ? "restart" : "clear"}`,
      `        close_action = ${c.initiate ? "restart" : "none"}`,
      "      }",
      "    }",
      "  }",
    ].join("\n"),
  );
  const secrets = connections.map((c, i) => `  ike-${i} {\n    id-a = ${c.localId}\n    id-b = ${c.remoteId}\n    secret = ${quoted(c.psk)}\n  }`);
  return `connections {\n${conns.join("\n")}\n}\nsecrets {\n${secrets.join("\n")}\n}\n`;
}
