// Beranda's commands: units (checked, added, changed) and their assessments
// (a new year, a status). The workspace itself is the app's (app/store).

import { commands, type AssessmentStatus, type NewUnit } from "../../lib/bindings";
import { call } from "../../lib/api";

/** Start an assessment of a unit for a year. */
export const newAssessment = (unit: string, year: number) => call(commands.newAssessment(unit, year));

/** Per unit: what its last new year took from the earlier one, said on its
 * card until the app closes (the card is rebuilt when Beranda is shown again). */
export const carried = $state<Record<string, string>>({});

/** Start a unit's year from an earlier one: answers marked to check, lasting files carried. */
export const newAssessmentFrom = (unit: string, year: number, from: number) =>
  call(commands.newAssessmentFrom(unit, year, from));

/** Move an assessment to another status (recorded in the change log). */
export const setAssessmentStatus = (assessment: number, status: AssessmentStatus) =>
  call(commands.setAssessmentStatus(assessment, status));

/** Each field's problem, as the core sees the unit typed so far. */
export const checkUnit = (unit: NewUnit, creating: boolean) => call(commands.checkUnit(unit, creating));

/** Register a unit. */
export const addUnit = (unit: NewUnit) => call(commands.addUnit(unit));

/** Change a unit's fields. */
export const updateUnit = (code: string, unit: NewUnit) => call(commands.updateUnit(code, unit));
