// The plan (Rencana Aksi) of the open assessment as the core derives it on
// a date, shared by the Rencana Aksi screen and the suggestion on
// P.1.iii.a's item pane.

import { commands, type PlanView } from "../../lib/bindings";
import { call, messageOf } from "../../lib/api";
import { todayText } from "./plan";

/** The plan of the open assessment, read on a date. */
class PlanState {
  view = $state.raw<PlanView | null>(null);
  error = $state<string | null>(null);
  /** The date the figures are as of (`YYYY-MM-DD`). */
  date = $state(todayText());
  #for: number | null = null;

  /** Read the plan of `assessment` (again), on `date` as typed
   * (`15/07/2026`, `15 Juli 2026`, ISO) when given: the core reads it, and
   * the date it read is kept (ISO) for the next reads. A date it cannot
   * read leaves the figures as they were, with its message. */
  async load(assessment: number, date: string = this.date): Promise<void> {
    try {
      const view = await call(commands.planView(assessment, date));
      this.#for = assessment;
      this.view = view;
      this.date = view.summary.date;
      this.error = null;
    } catch (e) {
      this.error = messageOf(e);
    }
  }

  /** Read it unless it is already read for this assessment. */
  async ensure(assessment: number): Promise<void> {
    if (this.#for !== assessment || !this.view) await this.load(assessment);
  }

  /** Forget what was read (another assessment was opened). */
  reset(): void {
    this.view = null;
    this.#for = null;
  }
}

/** The one plan state. */
export const plan = new PlanState();
