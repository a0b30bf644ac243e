// Time for the emulator and the local durable driver. Both read one Clock so
// that a 35-minute gateway provisioning, the orchestrator's durable timers and
// the BGP convergence all happen on the same timeline. A VirtualClock only
// moves when someone moves it, so a whole deploy runs in milliseconds.
export interface Clock {
  /** Milliseconds since the epoch, on this clock's timeline. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export class VirtualClock implements Clock {
  private t: number;
  private readonly listeners = new Set<(now: number) => void>();

  constructor(start: number | Date = Date.UTC(2030, 0, 1)) {
    this.t = typeof start === "number" ? start : start.getTime();
  }

  now(): number {
    return this.t;
  }

  /** Move forward to `ms` (never backwards). */
  advanceTo(ms: number): void {
    if (ms <= this.t) return;
    this.t = ms;
    for (const l of this.listeners) l(this.t);
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.t + ms);
  }

  /** Called after every move; returns an unsubscribe function. */
  onAdvance(listener: (now: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Real time, sped up: `scale` simulated seconds pass per real second (the standalone emulator's clock). */
export class ScaledClock implements Clock {
  private readonly origin = Date.now();
  /** The simulated instant at `origin`: real time, until a jump forward. */
  private base = this.origin;

  constructor(private readonly scale: number) {
    if (!(scale > 0)) throw new Error("the time scale must be a positive number");
  }

  now(): number {
    return this.base + (Date.now() - this.origin) * this.scale;
  }

  /** Jump forward to `ms` (never backwards) and run on from there: a state folder's clock resumed (saved-clock.ts). */
  advanceTo(ms: number): void {
    const now = this.now();
    if (ms > now) this.base += ms - now;
  }
}
