// TPN's result for the open assessment (the national evaluation's stages,
// where the unit stands, TPN's score card, the three sides side by side)
// and the commands that record and clear a stage. TPN's values and notes
// per item are saved by the item pane like the other sides'.

import { commands, type Outcome, type Stage, type TpnState } from "../../lib/bindings";
import { call, messageOf } from "../../lib/api";

/** TPN's result of the open assessment. */
class TpnResult {
  state = $state.raw<TpnState | null>(null);
  error = $state<string | null>(null);
  #for: number | null = null;

  /** Read TPN's result of `assessment` (again). */
  async load(assessment: number): Promise<void> {
    try {
      const state = await call(commands.tpnState(assessment));
      this.#for = assessment;
      this.state = state;
      this.error = null;
    } catch (e) {
      if (this.#for !== assessment) this.state = null;
      this.error = messageOf(e);
    }
  }
}

/** The one TPN result. */
export const tpn = new TpnResult();

/** Record a stage: the date as typed (`12/08/2026`), its outcome (none while under way), a note. */
export const setTpnStage = (assessment: number, stage: Stage, date: string, outcome: Outcome | null, note: string) =>
  call(commands.setTpnStage(assessment, stage, date, outcome, note));

/** Remove a recorded stage (the core refuses while a later one follows). */
export const clearTpnStage = (assessment: number, stage: Stage) => call(commands.clearTpnStage(assessment, stage));
