#!/usr/bin/env node
// The `bowtie` command. Runs the TypeScript sources through tsx so a clone
// works without a build step (`npx bowtie ...`, `npm run bowtie -- ...`).
import { register } from "tsx/esm/api";

register();
await import("../cli/main.ts");
