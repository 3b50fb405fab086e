// The commands several features share: the system's file dialogs, and the
// files the core writes (a suggested name, whether a name is taken, opening
// what was written). Components reach them here, never through the bindings.

import { commands, type FileFilter, type OutputKind } from "../lib/bindings";
import { call } from "../lib/api";

/** Ask for a folder; `null` when the dialog was closed. */
export const pickFolder = (title: string) => call(commands.pickFolder(title));

/** Ask for files to attach; empty when the dialog was closed. */
export const pickFiles = (title: string) => call(commands.pickFiles(title));

/** Ask for one file to read; `null` when the dialog was closed. */
export const pickFile = (title: string, filter: FileFilter | null) => call(commands.pickFile(title, filter));

/** Ask where to save; `null` when the dialog was closed. */
export const pickSave = (title: string, suggested: string, filter: FileFilter | null) =>
  call(commands.pickSave(title, suggested, filter));

/** The name the core suggests for an output of this unit and year. */
export const suggestOutput = (unit: string, year: number, what: OutputKind) =>
  call(commands.suggestOutput(unit, year, what));

/** Whether a path is taken, and a free name beside it. */
export const outputStatus = (path: string) => call(commands.outputStatus(path));

/** Open a written file, or show it in its folder. */
export const openOutput = (path: string, reveal: boolean) => call(commands.openOutput(path, reveal));
