// The `bowtie` command line: one subcommand per file in commands/. Each
// command returns its exit code; main.ts sets it on the process.
// Each command's module is imported only when that command runs: `validate`
// and `plan` need the spec rules and the planner, not the Azure SDKs, the
// emulator or Azurite, so `bowtie --help` and `bowtie validate` start in a
// fraction of the time `deploy` needs.
import { Command } from "commander";
import type { CliIo } from "./io.js";

export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command("bowtie")
    .description("Deploy and keep healthy an HA bow-tie site-to-site VPN: Azure active-active VPN gateway with custom APIPA BGP, Cisco 8000v NVAs and Azure Route Server")
    .showHelpAfterError();

  program
    .command("validate")
    .description("check a topology spec against every rule; exit 1 listing each violation")
    .argument("<spec>", "topology spec JSON file")
    .action(async (spec: string) => setExit((await import("./commands/validate.js")).validateCommand(spec, io)));

  program
    .command("plan")
    .description("show the APIPA/BGP table and every resource Bowtie would create (no Azure access); with --state, what would change (what-if)")
    .argument("<spec>", "topology spec JSON file")
    .option("--json", "print the whole plan as JSON, with its changes")
    .option("--out <dir>", "write plan.json, <nva>.ios per NVA and topology.svg to this folder")
    .option("--state <dir>", "compare with the deployment a `bowtie deploy --state` left there: + create, ~ update, -/+ replace, - delete")
    .action(async (spec: string, opts: { json?: boolean; out?: string; state?: string }) => setExit(await (await import("./commands/plan.js")).planCommand(spec, opts, io)));

  program
    .command("deploy")
    .description("deploy a topology and verify its BGP sessions (default: on the embedded Azure emulator)")
    .argument("<spec>", "topology spec JSON file")
    .option("--target <target>", "emulator (default) or azure", "emulator")
    .option("--json", "print the result as JSON")
    .option("--state <dir>", "keep the emulator's resources and secrets in this folder (for bowtie health); deploying again over it applies the change")
    .option("--allow-outage", "carry out a change even if some prefix loses every path meanwhile (e.g. a 1-NVA replacement)")
    .action(async (spec: string, opts: { target?: string; json?: boolean; state?: string; allowOutage?: boolean }) => setExit(await (await import("./commands/deploy.js")).deployCommand(spec, opts, io)));

  program
    .command("health")
    .description("check a deployment kept in an emulator state folder: drift, NVA power, BGP sessions and routes")
    .argument("<spec>", "topology spec JSON file")
    .option("--state <dir>", "the folder a `bowtie deploy --state` used")
    .option("--json", "print the health report as JSON")
    .action(async (spec: string, opts: { state?: string; json?: boolean }) => setExit(await (await import("./commands/health.js")).healthCommand(spec, opts, io)));

  program
    .command("rotate-psk")
    .description("write a new PSK version to Key Vault and roll it one NVA at a time (VM and connection together), traffic kept on the others")
    .argument("<spec>", "topology spec JSON file")
    .option("--state <dir>", "the folder a `bowtie deploy --state` used")
    .option("--json", "print the result as JSON, with changes and disruption")
    .option("--allow-outage", "rotate a single-NVA deployment even though its traffic stops while the NVA is replaced")
    .action(async (spec: string, opts: { state?: string; json?: boolean; allowOutage?: boolean }) => setExit(await (await import("./commands/rotate-psk.js")).rotatePskCommand(spec, opts, io)));

  program
    .command("emulator")
    .description("run the embedded Azure emulator on its own (for func start and other clients) until Ctrl-C")
    .option("--port <port>", "listen on this port (default: a free one)")
    .option("--state <dir>", "keep resources and secrets in this folder across runs")
    .option("--time-scale <n>", "simulated seconds per real second", "60")
    .option("--seed <spec>", "create the spec's Key Vault with a random PSK")
    .action(async (opts: { port?: string; state?: string; timeScale?: string; seed?: string }) => {
      // Listen before anything is printed: a Ctrl-C right after the settings appear must stop it cleanly.
      const stopped = new Promise<void>((resolve) => {
        process.once("SIGINT", () => resolve());
        process.once("SIGTERM", () => resolve());
      });
      const { emulatorCommand } = await import("./commands/emulator.js");
      setExit(await emulatorCommand(opts, io, () => stopped));
    });

  program
    .command("dashboard")
    .description("serve the operations page (fleet, live topology, findings, history) over an emulator state folder, keeping its network moving, until Ctrl-C")
    .option("--state <dir>", "the folder a `bowtie deploy --state` used")
    .option("--port <port>", "listen on this port on 127.0.0.1 (default: a free one)")
    .option("--interval <seconds>", "seconds between health passes", "5")
    .option("--time-scale <n>", "simulated seconds per real second", "12")
    .action(async (opts: { state?: string; port?: string; interval?: string; timeScale?: string }) => {
      // Listen before anything is printed: a Ctrl-C right after the URL appears must stop it cleanly.
      const stopped = new Promise<void>((resolve) => {
        process.once("SIGINT", () => resolve());
        process.once("SIGTERM", () => resolve());
      });
      const { dashboardCommand } = await import("./commands/dashboard.js");
      setExit(await dashboardCommand(opts, io, () => stopped));
    });

  program
    .command("demo")
    .description("deploy the reference lab on the emulator, then break it out of band, fault by fault, and watch Bowtie put it back")
    .option("--json", "print one line per fault and detection path as JSON")
    .action(async (opts: { json?: boolean }) => setExit(await (await import("./commands/demo.js")).demoCommand(opts, io)));

  program
    .command("twin")
    .description("bring the planned topology up with real IKEv2 (strongSwan) and BGP (FRR) in network namespaces, report every tunnel and session, tear it down (Linux, root)")
    .argument("<spec>", "topology spec JSON file")
    .option("--json", "print the result as JSON (the same sessions shape as deploy --json)")
    .option("--keep", "keep the daemons' logs and configurations (the namespaces are always removed)")
    .option("--timeout <seconds>", "give up waiting for sessions after this long", "60")
    .action(async (spec: string, opts: { json?: boolean; keep?: boolean; timeout?: string }) => setExit(await (await import("./commands/twin.js")).twinCommand(spec, opts, io)));

  program
    .command("schema")
    .description("print the topology spec's JSON Schema")
    .action(async () => setExit((await import("./commands/schema.js")).schemaCommand(io)));

  return program;
}
