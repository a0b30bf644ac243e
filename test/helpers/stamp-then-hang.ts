// A run that is killed outright: a local stack on a state folder (argv[2])
// moves its clock on, records an operation's ending in the folder's tables
// at that time, prints the time, and then never closes (the test kills it).
import { startLocalStack } from "../../emulator/local-stack.js";

const stack = await startLocalStack({ stateDir: process.argv[2]! });
for (let i = 0; i < 40; i++) stack.clock.advanceBy(61_000 + i * 1000); // a long simulated run, in steps as a deploy's polls go
const endedAt = new Date(stack.clock.now()).toISOString();
await stack.history.add({ deployment: "killed", kind: "deploy", instanceId: "killed-run", status: "Succeeded", reason: null, startedAt: null, endedAt, writes: null });
console.log(JSON.stringify({ endedAt }));
setInterval(() => {}, 60_000); // alive until SIGKILL
