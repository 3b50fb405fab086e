// Laporan & Paket's commands: the PDF report and the packets (jobs), the
// worksheet out and in, and PortalRB's files.

import { commands, type SheetImportOptions, type SheetFormat, type Target } from "../../lib/bindings";
import { call } from "../../lib/api";
import type { Job } from "../../lib/jobs.svelte";

/** Write the completeness report (PDF). */
export const writeReport = (job: Job, assessment: number, out: string) =>
  job.run((id) => commands.writeReport(id, assessment, out));

/** Write the worksheet in a layout. */
export const exportWorksheet = (assessment: number, out: string, format: SheetFormat) =>
  call(commands.exportWorksheet(assessment, out, format));

/** Read answers back from a filled worksheet. */
export const importWorksheet = (assessment: number, path: string, options: SheetImportOptions) =>
  call(commands.importWorksheet(assessment, path, options));

/** Write the packet for TPI / TPN, or (`review`) TPI's review packet. */
export const exportPacket = (job: Job, assessment: number, out: string, review: boolean) =>
  job.run((id) => commands.exportPacket(id, assessment, out, review));

/** Write PortalRB's answers of an assessment (JSON). */
export const portalrbAnswers = (assessment: number, out: string) => call(commands.portalrbAnswers(assessment, out));

/** Write PortalRB's list of proposed units of a year (JSON). */
export const portalrbUnits = (year: number, predicate: Target, out: string) =>
  call(commands.portalrbUnits(year, predicate, out));
