// The emulator's control API, for the standalone emulator (tests in-process
// use the Emulator handle directly). Under /_bowtie/ on the ARM listener,
// loopback only:
//   POST   /_bowtie/faults            {match:{method,type,name}, fault:{kind,...}, times}
//   DELETE /_bowtie/faults            clear faults and token buckets
//   POST   /_bowtie/token-buckets     throttle at ARM's per-subscription limits
//   POST   /_bowtie/out-of-band/edit  {resourceId, change}   (deep-merged into properties)
//   POST   /_bowtie/out-of-band/delete {resourceId}
//   POST   /_bowtie/out-of-band/power-off {resourceId}
//   GET    /_bowtie/events            the Event Grid events raised so far
//   GET    /_bowtie/requests          ARM requests by kind
//   GET    /_bowtie/timeline          every resource group's session timeline (network/timeline.ts)
//   GET    /_bowtie/timeline/{resourceGroup}  one resource group's: {resourceGroup, changes, snapshots}
//   GET    /_bowtie/clock             {now}: the emulator's simulated time (ms), to bound a disruption window
import type { Emulator } from "./index.js";
import type { Fault, FaultMatch } from "./faults.js";

export interface ControlResponse {
  status: number;
  body?: unknown;
}

export function handleControl(emulator: Emulator, method: string, path: string, text: string): ControlResponse {
  let body: any = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    return { status: 400, body: { error: "the body must be JSON" } };
  }
  const route = `${method} ${path.replace(/^\/_bowtie/, "")}`;
  const timeline = /^GET \/timeline\/([^/]+)$/.exec(route);
  try {
    if (timeline) return { status: 200, body: emulator.timeline(decodeURIComponent(timeline[1]!)) };
    switch (route) {
      case "POST /faults":
        emulator.faults.inject(body.match as FaultMatch, body.fault as Fault, Number(body.times ?? 1));
        return { status: 204 };
      case "DELETE /faults":
        emulator.faults.clear();
        return { status: 204 };
      case "POST /token-buckets":
        emulator.faults.enableTokenBuckets();
        return { status: 204 };
      case "POST /out-of-band/edit":
        emulator.outOfBand.edit(body.resourceId, body.change ?? {});
        return { status: 204 };
      case "POST /out-of-band/delete":
        emulator.outOfBand.delete(body.resourceId);
        return { status: 204 };
      case "POST /out-of-band/power-off":
        emulator.outOfBand.powerOff(body.resourceId);
        return { status: 204 };
      case "GET /events":
        return { status: 200, body: emulator.events.log };
      case "GET /timeline":
        return { status: 200, body: emulator.timelines() };
      case "GET /clock":
        return { status: 200, body: { now: emulator.clock.now() } };
      case "GET /requests":
        return { status: 200, body: Object.fromEntries(emulator.counters) };
      default:
        return { status: 404, body: { error: `no control operation ${route}` } };
    }
  } catch (e) {
    return { status: 400, body: { error: (e as Error).message } };
  }
}
