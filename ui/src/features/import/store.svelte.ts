// Impor & Verifikasi's commands: a folder import (a job, or its dry run),
// verifying the stored files (a job), and files placed on items by hand.

import { commands, type Assignment } from "../../lib/bindings";
import { call } from "../../lib/api";
import type { Job } from "../../lib/jobs.svelte";

/** Import a folder of data dukung (or only say what would happen). */
export const importFolder = (job: Job, assessment: number, folder: string, dryRun: boolean) =>
  job.run((id) => commands.importFolder(id, assessment, folder, dryRun));

/** Check the stored files against their hashes (one assessment, or all). */
export const verifyFiles = (job: Job, assessment: number | null) => job.run((id) => commands.verifyFiles(id, assessment));

/** The files placed on items by hand. */
export const fileAssignments = (assessment: number) => call(commands.fileAssignments(assessment));

/** Place files on items by hand; all or nothing. */
export const assignFiles = (assessment: number, rows: Assignment[]) => call(commands.assignFiles(assessment, rows));

/** Forget where a file was placed by hand. */
export const unassignFile = (assessment: number, path: string) => call(commands.unassignFile(assessment, path));

/** Read the content of the assessment's files not read yet, as a job with progress. */
export const readContents = (job: Job, assessment: number) => job.run((id) => commands.readContents(id, assessment));

/** Files found by their content (this assessment's, or the whole workspace's). */
export const searchFiles = (query: string, assessment: number | null) => call(commands.searchFiles(query, assessment));
