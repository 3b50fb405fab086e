// Long work in the core (folder import, verify, report, packets) runs as a
// job with an id chosen here: progress arrives as `jobProgress` events and
// `cancel_job` asks the job to stop.

import { commands, events, type CmdError, type JobProgress } from "./bindings";
import { call } from "./api";

const listeners = new Map<string, (p: JobProgress) => void>();
let listening: Promise<unknown> | null = null;

function listen(): Promise<unknown> {
  listening ??= events.jobProgress.listen((event) => {
    listeners.get(event.payload.job)?.(event.payload);
  });
  return listening;
}

let counter = 0;

const ended: Array<() => void> = [];

/** Call `f` whenever a job ends: its work may have changed anything. */
export function afterEveryJob(f: () => void): void {
  ended.push(f);
}

/** A job's progress and its cancel button, for one screen. */
export class Job {
  running = $state(false);
  progress = $state<JobProgress | null>(null);
  cancelled = $state(false);
  #id = "";

  /** Run `start` with a fresh job id, tracking its progress until it ends. */
  async run<T>(start: (job: string) => Promise<{ status: "ok"; data: T } | { status: "error"; error: CmdError }>): Promise<T> {
    await listen();
    counter += 1;
    this.#id = `job-${Date.now()}-${counter}`;
    this.running = true;
    this.cancelled = false;
    this.progress = null;
    listeners.set(this.#id, (p) => (this.progress = p));
    try {
      return await call(start(this.#id));
    } finally {
      listeners.delete(this.#id);
      this.running = false;
      for (const f of ended) f();
    }
  }

  /** Ask the running job to stop; what is done stays done. */
  async cancel(): Promise<void> {
    if (!this.running) return;
    this.cancelled = true;
    await call(commands.cancelJob(this.#id));
  }

  /** Done as a share 0..1, or `null` while unknown. */
  get share(): number | null {
    const p = this.progress;
    if (!p || !p.total) return null;
    return Math.min(1, (p.done ?? 0) / p.total);
  }
}
