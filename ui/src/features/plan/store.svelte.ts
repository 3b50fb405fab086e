// The plan (Rencana Aksi) of the open assessment as the core derives it on
// a date, shared by the Rencana Aksi screen and the suggestion on
// P.1.iii.a's item pane; and every command of the plan.

import {
  commands,
  type ActivityChange,
  type DocumentKind,
  type ItemPlanChange,
  type NewActivity,
  type PlanView,
  type ProgressEntry,
  type Role,
} from "../../lib/bindings";
import { call, messageOf } from "../../lib/api";
import type { Job } from "../../lib/jobs.svelte";
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

/** Plan an item: its months, PIC and note. */
export const setPlanItem = (assessment: number, item: string, change: ItemPlanChange) =>
  call(commands.setPlanItem(assessment, item, change));

/** Add an activity. */
/** The earlier year's recommendations and the activities following them up. */
export const planRecommendations = (assessment: number) => call(commands.planRecommendations(assessment));

/** Make a recommendation an activity of this year's plan. */
export const adoptRecommendation = (assessment: number, item: string, source: Role) =>
  call(commands.adoptRecommendation(assessment, item, source));

export const addActivity = (assessment: number, activity: NewActivity) => call(commands.addActivity(assessment, activity));

/** Change an activity. */
export const editActivity = (assessment: number, id: number, change: ActivityChange) =>
  call(commands.editActivity(assessment, id, change));

/** Remove an activity. */
export const removeActivity = (assessment: number, id: number) => call(commands.removeActivity(assessment, id));

/** Record an activity's realisation in a month. */
export const recordProgress = (assessment: number, activity: number, entry: ProgressEntry) =>
  call(commands.recordProgress(assessment, activity, entry));

/** Clear an activity's realisation of a month. */
export const clearProgress = (assessment: number, activity: number, month: number) =>
  call(commands.clearProgress(assessment, activity, month));

/** Every file of the assessment (an activity's proof is chosen from them). */
export const assessmentFiles = (assessment: number) => call(commands.assessmentFiles(assessment));

/** Import a Target Prioritas table (of one area, or all). */
export const importPlanSheet = (assessment: number, path: string, area: number | null) =>
  call(commands.importPlanSheet(assessment, path, area));

/** Write the plan document or the monitoring report (a job). */
export const writePlanDocument = (
  job: Job,
  assessment: number,
  kind: DocumentKind,
  out: string,
  date: string | null,
  place: string,
) => job.run((id) => commands.writePlanDocument(id, assessment, kind, out, date, place));

/** The item codes in a text as people type them (`P.1.i.a; 1.ii.c`). */
export const typedItems = (assessment: number, text: string) => call(commands.typedItems(assessment, text));
