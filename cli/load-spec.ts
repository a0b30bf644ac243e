// Reads and validates a topology spec file for the CLI. Every violation is
// printed with its JSON path and rule (the first hundred, then how many
// more); the caller exits 1 and writes nothing. Whatever the file is
// (missing, a folder, a device, huge, deeply nested, not JSON), the answer is
// a violation, never a thrown error.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import type { TopologySpec } from "../shared/spec/schema.js";
import { MAX_SPEC_BYTES, parseSpecBytes, tooLargeRule } from "../shared/spec/spec-text.js";
import { validateSpec } from "../shared/spec/validate.js";
import { listViolations } from "../shared/spec/violation-list.js";
import { formatViolation, type Violation } from "../shared/spec/violations.js";

export type LoadedSpec =
  | { ok: true; spec: TopologySpec; warnings: Violation[] }
  | { ok: false; violations: Violation[]; warnings: Violation[] };

const refused = (rule: string): LoadedSpec => ({ ok: false, violations: [{ path: "$", rule }], warnings: [] });

/** The file's bytes, reading at most one byte past the limit (so /dev/zero or a pipe cannot fill memory). */
function readBounded(path: string): { bytes: Uint8Array } | { rule: string } {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    if (fstatSync(fd).isDirectory()) return { rule: `cannot read ${path}: it is a directory, not a spec file` };
    const buffer = Buffer.alloc(MAX_SPEC_BYTES + 1);
    let size = 0;
    while (size < buffer.length) {
      const n = readSync(fd, buffer, size, buffer.length - size, null);
      if (n === 0) break;
      size += n;
    }
    if (size > MAX_SPEC_BYTES) return { rule: tooLargeRule(path) };
    return { bytes: buffer.subarray(0, size) };
  } catch (e) {
    return { rule: `cannot read ${path}: ${(e as Error).message}` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function loadSpec(path: string): LoadedSpec {
  const read = readBounded(path);
  if ("rule" in read) return refused(read.rule);
  const parsed = parseSpecBytes(read.bytes, path);
  if (!parsed.ok) return refused(parsed.rule);
  return validateSpec(parsed.value);
}

export function printViolations(file: string, loaded: LoadedSpec, err: (s: string) => void): void {
  const print = (kind: string, all: Violation[]) => {
    const { listed, omitted } = listViolations(all);
    for (const v of listed) err(`  ${kind.padEnd(8)} ${formatViolation(v)}`);
    if (omitted) err(`  … and ${omitted} more ${kind}(s), not listed`);
  };
  if (!loaded.ok) {
    err(`${file}: ${loaded.violations.length} violation(s):`);
    print("error", loaded.violations);
  }
  print("warning", loaded.warnings);
}
