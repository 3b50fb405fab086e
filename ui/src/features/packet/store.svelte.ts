// Impor paket's commands: check a packet whole, then import it (both jobs).

import { commands, type Consent } from "../../lib/bindings";
import type { Job } from "../../lib/jobs.svelte";

/** Check a packet (folder or zip) without importing it. */
export const checkPacket = (job: Job, path: string) => job.run((id) => commands.checkPacket(id, path));

/** Import a packet, with what the person agreed to. */
export const importPacket = (job: Job, path: string, consent: Consent) =>
  job.run((id) => commands.importPacket(id, path, consent));
