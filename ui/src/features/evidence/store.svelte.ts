// Data dukung's commands: attaching files to an item (a job), describing,
// reviewing, removing and opening them, and saying a kind does not exist.

import { commands, type FileEdit, type ReviewStatus } from "../../lib/bindings";
import { call } from "../../lib/api";
import type { Job } from "../../lib/jobs.svelte";

/** Attach files to an item, as a job with progress. */
export const addFiles = (job: Job, assessment: number, item: string, paths: string[]) =>
  job.run((id) => commands.addFiles(id, assessment, item, paths, null));

/** Say a kind of data dukung does not exist for an item, and why. */
export const markAbsent = (assessment: number, item: string, kind: string, reason: string) =>
  call(commands.markAbsent(assessment, item, kind, reason));

/** Change a file's kind, title or date. */
export const editFile = (assessment: number, id: number, edit: FileEdit) => call(commands.editFile(assessment, id, edit));

/** Detach a file. */
export const removeFile = (assessment: number, id: number) => call(commands.removeFile(assessment, id));

/** TPI's verdict on a file. */
export const reviewFile = (assessment: number, id: number, status: ReviewStatus, note: string) =>
  call(commands.reviewFile(assessment, id, status, note));

/** Open a checked copy of a file in the system's viewer. */
export const openFile = (assessment: number, id: number) => call(commands.openFile(assessment, id));
