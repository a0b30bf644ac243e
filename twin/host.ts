// The twin's side effects on a Linux host: network namespaces, veth pairs
// onto the fabric's bridges, nftables NAT, and per-namespace strongSwan
// (charon, its pid file kept apart by a bind mount over /run inside the
// namespace's private mount namespace) and FRR (zebra, staticd, bgpd with
// their own sockets). Every process started and namespace made is recorded,
// and teardown() removes them all by PID and name, whatever state the run is
// in. Needs root, iproute2, nftables, strongSwan with kernel-libipsec and FRR.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { accessSync, chmodSync, chownSync, constants, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";

const CHARON = "/usr/lib/ipsec/charon";
const FRR_DIR = "/usr/lib/frr";
const NEEDED = [CHARON, `${FRR_DIR}/zebra`, `${FRR_DIR}/staticd`, `${FRR_DIR}/bgpd`, "/usr/bin/vtysh", "/usr/sbin/swanctl", "/usr/sbin/nft", "/usr/sbin/ip"];
/** kernel-libipsec for userspace ESP; gcm and openssl (standard plugins) for AES-GCM and the ECP groups. */
const PLUGINS = ["kernel-libipsec", "gcm", "openssl"].map((p) => `/usr/lib/ipsec/plugins/libstrongswan-${p}.so`);
export const TWIN_PACKAGES = "frr strongswan-charon strongswan-swanctl libcharon-extra-plugins libstrongswan-standard-plugins nftables iproute2";

/** Why the twin cannot run on this machine, or null when it can. */
export function twinUnavailable(): string | null {
  if (process.platform !== "linux") return `the twin needs Linux network namespaces (this is ${process.platform})`;
  if (userInfo().uid !== 0) return "the twin needs root (network namespaces, veths, nftables): run it with sudo";
  const missing = [...NEEDED, ...PLUGINS].filter((f) => {
    try {
      accessSync(f, PLUGINS.includes(f) ? constants.R_OK : constants.X_OK);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length) return `the twin needs ${missing.join(", ")}: apt-get install --no-install-recommends ${TWIN_PACKAGES}`;
  try {
    execFileSync("ip", ["netns", "list"], { stdio: "pipe" });
  } catch (e) {
    return `network namespaces are not available here: ${(e as Error).message.split("\n")[0]}`;
  }
  return null;
}

const run = (cmd: string, args: string[], input?: string) => execFileSync(cmd, args, { input, stdio: ["pipe", "pipe", "pipe"], encoding: "utf8" });

export class TwinHost {
  readonly prefix = `bt${randomBytes(2).toString("hex")}`;
  readonly work = mkdtempSync(join(tmpdir(), "bowtie-twin-"));
  private readonly namespaces: string[] = [];
  private readonly processes: Array<{ child: ChildProcess; what: string }> = [];

  constructor() {
    // FRR's daemons drop to user frr and must reach their folders.
    chmodSync(this.work, 0o755);
  }

  ns(suffix: string): string {
    return `${this.prefix}-${suffix}`;
  }

  exec(suffix: string, cmd: string, args: string[], input?: string): string {
    return run("ip", ["netns", "exec", this.ns(suffix), cmd, ...args], input);
  }

  addNamespace(suffix: string): void {
    run("ip", ["netns", "add", this.ns(suffix)]);
    this.namespaces.push(this.ns(suffix));
    run("ip", ["-n", this.ns(suffix), "link", "set", "lo", "up"]);
  }

  /** A veth from `a`'s ifA to `b`'s ifB (temporary names carry the prefix: interface names are per namespace). */
  veth(a: string, ifA: string, b: string, ifB: string): void {
    const tmpA = `${this.prefix}${this.namespaces.length}a${ifA}`.slice(0, 15);
    const tmpB = `${this.prefix}${this.namespaces.length}b${ifB}`.slice(0, 15);
    run("ip", ["link", "add", tmpA, "netns", this.ns(a), "type", "veth", "peer", "name", tmpB, "netns", this.ns(b)]);
    run("ip", ["-n", this.ns(a), "link", "set", tmpA, "name", ifA]);
    run("ip", ["-n", this.ns(b), "link", "set", tmpB, "name", ifB]);
    run("ip", ["-n", this.ns(a), "link", "set", ifA, "up"]);
    run("ip", ["-n", this.ns(b), "link", "set", ifB, "up"]);
  }

  ip(suffix: string, ...args: string[]): void {
    run("ip", ["-n", this.ns(suffix), ...args]);
  }

  private folder(...parts: string[]): string {
    const d = join(this.work, ...parts);
    mkdirSync(d, { recursive: true });
    return d;
  }

  private track(child: ChildProcess, what: string): void {
    this.processes.push({ child, what });
  }

  startCharon(suffix: string): Promise<void> {
    const d = this.folder(suffix, "ipsec");
    const run = this.folder(suffix, "ipsec", "run");
    writeFileSync(
      join(d, "strongswan.conf"),
      `charon {
  load = random nonce aes sha1 sha2 hmac kdf gmp gcm openssl pem pkcs1 x509 pubkey revocation constraints kernel-libipsec kernel-netlink socket-default vici updown
  install_routes = no
  install_virtual_ip = no
  retransmit_timeout = 2.0
  retransmit_tries = 3
  retransmit_base = 1.4
  plugins {
    vici { socket = unix://${run}/charon.vici }
  }
  filelog {
    charon { path = ${d}/charon.log
             flush_line = yes
             default = 1 }
  }
  syslog { daemon { default = -1 } }
}
`,
    );
    // charon's pid file path is compiled in (/var/run/charon.pid): give each namespace its own /run.
    const child = spawn("ip", ["netns", "exec", this.ns(suffix), "sh", "-c", 'mount --bind "$1" /run && exec env STRONGSWAN_CONF="$2" "$3"', "sh", run, join(d, "strongswan.conf"), CHARON], { stdio: "ignore" });
    this.track(child, `charon ${suffix}`);
    return this.waitFor(() => existsSync(join(run, "charon.vici")), 15_000, `charon in ${suffix}`);
  }

  async startFrr(suffix: string, conf: string): Promise<void> {
    const d = this.folder(suffix, "frr");
    chmodSync(join(this.work, suffix), 0o755);
    const frrUser = Number(run("id", ["-u", "frr"]).trim());
    const frrGroup = Number(run("id", ["-g", "frr"]).trim());
    chownSync(d, frrUser, frrGroup);
    writeFileSync(join(d, "frr.conf"), `${conf}\n`);
    chownSync(join(d, "frr.conf"), frrUser, frrGroup);
    for (const daemon of ["zebra", "staticd", "bgpd"]) {
      const child = spawn(
        "ip",
        ["netns", "exec", this.ns(suffix), `${FRR_DIR}/${daemon}`, "-f", join(d, "frr.conf"), "-i", join(d, `${daemon}.pid`), "--vty_socket", d, "-z", join(d, "zserv.api"), "-A", "127.0.0.1", "--log", `file:${join(d, `${daemon}.log`)}`],
        { stdio: "ignore" },
      );
      this.track(child, `${daemon} ${suffix}`);
      if (daemon === "zebra") await this.waitFor(() => existsSync(join(d, "zserv.api")), 15_000, `zebra in ${suffix}`);
    }
  }

  swanctl(suffix: string, command: string, ...args: string[]): string {
    const d = join(this.work, suffix, "ipsec");
    return execFileSync("swanctl", [command, "--uri", `unix://${join(d, "run", "charon.vici")}`, ...args], { env: { ...process.env, STRONGSWAN_CONF: join(d, "strongswan.conf") }, stdio: ["pipe", "pipe", "pipe"], encoding: "utf8" });
  }

  loadSwanctl(suffix: string, conf: string): void {
    const file = join(this.work, suffix, "ipsec", "swanctl.conf");
    writeFileSync(file, conf, { mode: 0o600 });
    this.swanctl(suffix, "--load-all", "--noprompt", "--file", file);
  }

  vtysh(suffix: string, command: string): string {
    return execFileSync("vtysh", ["--vty_socket", join(this.work, suffix, "frr"), "-c", command], { stdio: ["pipe", "pipe", "pipe"], encoding: "utf8" });
  }

  /** vtysh's JSON answer, or null while the daemon is not ready. */
  vtyJson<T>(suffix: string, command: string): T | null {
    try {
      return JSON.parse(this.vtysh(suffix, command)) as T;
    } catch {
      return null;
    }
  }

  async waitFor(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > until) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Stop every process (TERM, then KILL), delete every namespace, remove the work folder. Safe to call twice. */
  async teardown(keepFiles = false): Promise<void> {
    const alive = this.processes.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
    for (const p of alive) p.child.kill("SIGTERM");
    const exited = (p: { child: ChildProcess }) => p.child.exitCode !== null || p.child.signalCode !== null;
    await this.waitFor(() => alive.every(exited), 3000, "daemons to stop").catch(() => {
      for (const p of alive) if (!exited(p)) p.child.kill("SIGKILL");
    });
    await this.waitFor(() => alive.every(exited), 3000, "daemons to be killed").catch(() => undefined);
    this.processes.length = 0;
    for (const n of this.namespaces.splice(0)) {
      try {
        run("ip", ["netns", "del", n]);
      } catch {
        /* already gone */
      }
    }
    if (!keepFiles) rmSync(this.work, { recursive: true, force: true });
  }

  /** SIGKILL every daemon of one namespace (a router that dies without a word; cut its links first). */
  killRouter(suffix: string): void {
    for (const p of this.processes) if (p.what.endsWith(` ${suffix}`)) p.child.kill("SIGKILL");
  }

  /** PIDs still running (for tests that check nothing is left behind). */
  pids(): number[] {
    return this.processes.map((p) => p.child.pid).filter((p): p is number => p !== undefined);
  }
}
