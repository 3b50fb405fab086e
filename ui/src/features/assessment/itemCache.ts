// The files of the open assessment's items and what was read of them,
// kept so that a click on an item paints its pane at once, from memory.
// Nothing here is trusted to be current: the pane shows what is kept, then
// asks the core again and shows (and keeps) the answer. One entry per item
// (113 at most), for one assessment at a time: nothing grows with views.

import type { Evidence, FileReading } from "../../lib/bindings";
import { assessmentFiles, assessmentReadings } from "./store.svelte";
import { afterEveryJob } from "../../lib/jobs.svelte";

/** An item's files and their readings. */
export type ItemData = { files: Evidence[]; readings: FileReading[] };

let owner: number | null = null;
const entries = new Map<string, ItemData>();
/** Bumped by every write, so a whole-assessment load never overwrites an item's fresher answer. */
const written = new Map<string, number>();
let writes = 0;
let warming: number | null = null;

function own(assessment: number): void {
  if (owner !== assessment) {
    owner = assessment;
    entries.clear();
    written.clear();
    warming = null;
  }
}

/** What is kept of `item`, if anything. */
export function kept(assessment: number, item: string): ItemData | undefined {
  return owner === assessment ? entries.get(item) : undefined;
}

/** Keep what the core just said of `item`. */
export function keep(assessment: number, item: string, data: ItemData): void {
  own(assessment);
  entries.set(item, data);
  written.set(item, ++writes);
}

/**
 * Fill the store for every item of `assessment` in two requests (once per
 * assessment opened; again after `forget`), in the background.
 */
export async function warm(assessment: number): Promise<void> {
  own(assessment);
  if (warming === assessment) return;
  warming = assessment;
  const started = writes;
  try {
    const [files, readings] = await Promise.all([
      assessmentFiles(assessment),
      assessmentReadings(assessment),
    ]);
    if (owner !== assessment) return;
    const byId = new Map(files.map((f) => [f.id, f.item] as const));
    const grouped = new Map<string, ItemData>();
    const entry = (item: string) => {
      let e = grouped.get(item);
      if (!e) grouped.set(item, (e = { files: [], readings: [] }));
      return e;
    };
    for (const f of files) entry(f.item).files.push(f);
    for (const r of readings) {
      const item = byId.get(r.evidence_id);
      if (item !== undefined) entry(item).readings.push(r);
    }
    for (const [item, data] of grouped) {
      // An item answered by the core since this load began keeps that answer.
      if ((written.get(item) ?? 0) <= started) entries.set(item, data);
    }
  } catch {
    // Only a head start: the pane asks per item anyway.
    warming = null;
  }
}

/** Forget everything kept (after work that changed many items' files). */
export function forget(): void {
  owner = null;
  entries.clear();
  written.clear();
  warming = null;
}

// A folder import, a reading, a packet or a sync may change any item's files.
afterEveryJob(forget);
