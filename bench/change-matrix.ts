// npm run bench: the change matrix of issue 11 as a table. Each change starts
// from a deployed lab's state folder and runs through the `bowtie` command
// line (test/helpers/change-matrix.ts, the harness test/e2e/change-matrix.test.ts
// asserts on): its ARM writes, the simulated minutes it took, and what it
// cost the traffic from the emulator's session timeline (seconds some BGP
// session that should be up was down, a removed NVA's sessions no longer
// counting once the change deleted them on purpose; seconds some prefix was
// routed into an NVA that could not forward it; seconds some prefix had no
// path at all).
// Nothing here is asserted; a change that did not succeed says why in its row.
import { textTable } from "../cli/format/table.js";
import { CHANGE_CASES, ChangeMatrix } from "../test/helpers/change-matrix.js";

const matrix = new ChangeMatrix();
const rows: Array<Array<string | number>> = [];
const wall = performance.now();
try {
  for (const c of CHANGE_CASES) {
    const r = await matrix.run(c);
    const out = r.run.output;
    const d = out?.disruption;
    const ok = r.run.code === 0 && out?.status === "Succeeded";
    rows.push([
      c.change,
      r.writes,
      out?.simulatedSeconds === undefined ? "-" : (out.simulatedSeconds / 60).toFixed(1),
      d ? Math.round(d.secondsDegraded) : "-",
      d ? Math.round(d.secondsBlackholed) : "-",
      d ? Math.round(d.secondsWithoutPath) : "-",
      ok ? (r.whatIfAfter.length === 0 && r.health.status === "healthy" ? "converged" : `left: ${r.whatIfAfter.join(", ") || r.health.status}`) : `FAILED (exit ${r.run.code}): ${r.run.err.split("\n").filter(Boolean).slice(-1)[0] ?? ""}`.slice(0, 120),
    ]);
  }
} finally {
  matrix.close();
}
console.log("\nChanging a running topology (bowtie deploy --state / rotate-psk on the emulator, from the seed lab)\n");
console.log(textTable(["Change", "Writes", "Simulated min", "Seconds degraded", "Seconds blackholed", "Seconds without path", "Outcome"], rows));
console.log(`\n(wall ${((performance.now() - wall) / 1000).toFixed(1)} s, base labs deployed once and copied per change)`);
