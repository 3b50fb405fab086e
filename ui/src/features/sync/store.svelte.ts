// Sinkronkan's commands: the server this workspace syncs with, a sync (a
// job), and settling the conflicts a sync kept.

import { commands } from "../../lib/bindings";
import { call } from "../../lib/api";
import type { Job } from "../../lib/jobs.svelte";

/** The server, CA file and whether a token is kept. */
export const syncSettings = () => call(commands.syncSettings());

/** Sync now (one assessment, or all), with a server and token when given. */
export const syncNow = (
  job: Job,
  server: string | null,
  token: string | null,
  caFile: string | null,
  assessment: number | null,
) => job.run((id) => commands.syncNow(id, server, token, caFile, assessment));

/** Settle sync conflicts (these ids, or all); they stay in the audit log. */
export const resolveSyncConflicts = (assessment: number, ids: number[] | null) =>
  call(commands.resolveSyncConflicts(assessment, ids));
