// The `bowtie` command line: one subcommand per file in commands/. Each
// command returns its exit code; main.ts sets it on the process.
import { Command } from "commander";
import { planCommand } from "./commands/plan.js";
import { schemaCommand } from "./commands/schema.js";
import { validateCommand } from "./commands/validate.js";
import type { CliIo } from "./io.js";

export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command("bowtie")
    .description("Deploy and keep healthy an HA bow-tie site-to-site VPN: Azure active-active VPN gateway with custom APIPA BGP, Cisco 8000v NVAs and Azure Route Server")
    .showHelpAfterError();

  program
    .command("validate")
    .description("check a topology spec against every rule; exit 1 listing each violation")
    .argument("<spec>", "topology spec JSON file")
    .action((spec: string) => setExit(validateCommand(spec, io)));

  program
    .command("plan")
    .description("show the APIPA/BGP table and every resource Bowtie would create (no Azure access)")
    .argument("<spec>", "topology spec JSON file")
    .option("--json", "print the whole plan as JSON")
    .option("--out <dir>", "write plan.json, <nva>.ios per NVA and topology.svg to this folder")
    .action((spec: string, opts: { json?: boolean; out?: string }) => setExit(planCommand(spec, opts, io)));

  program
    .command("schema")
    .description("print the topology spec's JSON Schema")
    .action(() => setExit(schemaCommand(io)));

  return program;
}
