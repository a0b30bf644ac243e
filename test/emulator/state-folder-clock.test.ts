// A state folder's clock (emulator/saved-clock.ts): a fresh folder starts at
// 2030-01-01, a folder an earlier run used resumes after everything that run
// stamped, even when that run was killed without closing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ScaledClock, VirtualClock } from "../../emulator/clock.js";
import { startEmulator } from "../../emulator/index.js";
import { startLocalStack } from "../../emulator/local-stack.js";
import { TABLES_FILE } from "../../emulator/storage/azurite.js";
import { CLOCK_FILE } from "../../emulator/saved-clock.js";

const root = new URL("../..", import.meta.url).pathname;
const folder = (t: { after(fn: () => void): void }) => {
  const dir = mkdtempSync(join(tmpdir(), "bowtie-folder-clock-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};
const START = Date.UTC(2030, 0, 1);

test("a fresh state folder starts at 2030-01-01; the next emulator on it starts after the first one's last instant", async (t) => {
  const dir = folder(t);
  const first = await startEmulator({ stateDir: dir });
  assert.equal(first.clock.now(), START);
  (first.clock as VirtualClock).advanceBy(45 * 60_000);
  const last = first.clock.now();
  await first.close();

  const second = await startEmulator({ stateDir: dir });
  try {
    assert.ok(second.clock.now() > last, `resumed at ${new Date(second.clock.now()).toISOString()}, after ${new Date(last).toISOString()}`);
  } finally {
    await second.close();
  }
});

test("the standalone emulator's sped-up clock resumes after the folder's time too", async (t) => {
  const dir = folder(t);
  const first = await startEmulator({ stateDir: dir });
  (first.clock as VirtualClock).advanceBy(3 * 3600_000);
  const last = first.clock.now();
  await first.close();

  const scaled = await startEmulator({ stateDir: dir, clock: new ScaledClock(60), autoAdvance: false });
  try {
    assert.ok(scaled.clock.now() > last, `resumed at ${new Date(scaled.clock.now()).toISOString()}, after ${new Date(last).toISOString()}`);
  } finally {
    await scaled.close();
  }
});

test("a running virtual clock's mark on disk is never behind it (what a killed run leaves)", async (t) => {
  const dir = folder(t);
  const emulator = await startEmulator({ stateDir: dir });
  const clock = emulator.clock as VirtualClock;
  const mark = () => Date.parse(JSON.parse(readFileSync(join(dir, CLOCK_FILE), "utf8")).mark);
  try {
    for (const step of [1, 500, 59_999, 1, 60_000, 3_600_000, 7]) {
      clock.advanceBy(step);
      assert.ok(mark() >= clock.now(), `after +${step} ms the mark ${new Date(mark()).toISOString()} is at or ahead of ${new Date(clock.now()).toISOString()}`);
    }
  } finally {
    await emulator.close();
  }
  assert.equal(mark(), clock.now(), "a clean close leaves the exact instant");
});

test("a run killed with SIGKILL: the next stack on its folder starts after the times its tables hold", async (t) => {
  const dir = folder(t);
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "test/helpers/stamp-then-hang.ts"), dir], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<void>((ok) => child.on("exit", () => ok()));
  t.after(() => void child.kill("SIGKILL"));
  let printed = "";
  const { endedAt } = await new Promise<{ endedAt: string }>((ok, fail) => {
    child.stdout.on("data", (d) => {
      printed += d;
      const line = printed.split("\n").find((l) => l.startsWith("{"));
      if (line) ok(JSON.parse(line));
    });
    child.stderr.on("data", (d) => (printed += d));
    child.on("exit", (code) => fail(new Error(`the run exited ${code} before it stamped anything:\n${printed}`)));
  });
  // Azurite writes its file every few seconds: wait until the row is on disk, so the kill loses nothing the tables hold.
  const tables = join(dir, TABLES_FILE);
  for (let waited = 0; !(existsSync(tables) && readFileSync(tables, "utf8").includes("killed-run")); waited += 250) {
    assert.ok(waited < 60_000, "Azurite wrote the row to its file within a minute");
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill("SIGKILL");
  await exited;

  const stack = await startLocalStack({ stateDir: dir });
  try {
    const [row] = await stack.history.list("killed");
    assert.equal(row?.endedAt, endedAt, "the killed run's row is in the tables");
    assert.ok(stack.clock.now() > Date.parse(endedAt), `the next run starts at ${new Date(stack.clock.now()).toISOString()}, after ${endedAt}`);
  } finally {
    await stack.close();
  }
});
