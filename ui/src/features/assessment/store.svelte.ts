// Penilaian's commands: an item's answer and note (previewed, saved) and its
// files. Opening the assessment and switching sides are the app's.

import { commands, type Role } from "../../lib/bindings";
import { call } from "../../lib/api";

/** What an answer typed so far would be worth, as the core reads it. */
export const previewAnswer = (assessment: number, item: string, text: string) =>
  call(commands.previewAnswer(assessment, item, text));

/** Save one side's answer (`value`) or note (`note`); `null` leaves it. */
export const saveAnswer = (assessment: number, role: Role, item: string, value: string | null, note: string | null) =>
  call(commands.saveAnswer(assessment, role, item, value, note));

/** The files attached to an item. */
export const itemFiles = (assessment: number, item: string) => call(commands.itemFiles(assessment, item));

/** What was read of an item's files, with what an evaluator would want to know. */
export const itemReadings = (assessment: number, item: string) => call(commands.itemReadings(assessment, item));

/** Every file of an assessment (the item pane keeps them, to paint a click at once). */
export const assessmentFiles = (assessment: number) => call(commands.assessmentFiles(assessment));

/** What was read of every file of an assessment, with the findings. */
export const assessmentReadings = (assessment: number) => call(commands.assessmentReadings(assessment));
