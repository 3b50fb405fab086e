// The embedded LKE template and a small assessment state, for the tests of
// the modules that read them.

import lke from "../../../assets/templates/lke-zi-2021.json";
import type { AnswerRecord, AssessmentState, Role, TemplateDoc } from "./bindings";
import { indexTemplate, type LkeIndex } from "./tree";

export const doc = lke as unknown as TemplateDoc;

export function lkeIndex(): LkeIndex {
  return indexTemplate(doc);
}

export function record(item: string, role: Role, value: string | null, note = ""): AnswerRecord {
  return { item, role, value, counts: {}, note, updated_by: "uji", updated_at: "2024-03-30T07:05:00Z", carried_from: null };
}

/**
 * A state with some answers: values and completeness are given per item,
 * the way the core reports them; everything else is empty.
 */
export function state(options: {
  answers: AnswerRecord[];
  unitValues?: Record<string, number>;
  tpiValues?: Record<string, number>;
  tpnValues?: Record<string, number>;
  complete?: string[];
  differ?: string[];
  conflicts?: string[];
  /** Items with one file TPI rejected. */
  rejected?: string[];
}): AssessmentState {
  const index = lkeIndex();
  const items = Object.fromEntries(
    index.items.map((e) => [
      e.item.code,
      {
        complete: options.complete?.includes(e.item.code) ?? false,
        kinds: e.item.evidence.map((req) => ({
          kind: req.kind,
          label: index.kindLabel(req.kind),
          guidance: req.guidance,
          files: options.complete?.includes(e.item.code) ? 2 : 0,
          damaged: 0,
          rejected: 0,
          absent_reason: null,
          covered: options.complete?.includes(e.item.code) ?? false,
        })),
        other_files: 0,
        rejected: options.rejected?.includes(e.item.code) ? 1 : 0,
      },
    ]),
  );
  const card = (values: Record<string, number> = {}) =>
    ({ items: Object.fromEntries(index.items.map((e) => [e.item.code, values[e.item.code] ?? null])) }) as never;
  return {
    answers: options.answers,
    unit_score: card(options.unitValues),
    tpi_score: card(options.tpiValues),
    tpn_score: card(options.tpnValues),
    completeness: { items } as never,
    progress: { differ: options.differ ?? [] } as never,
    conflicts: (options.conflicts ?? []).map((item) => ({ item, sent: "ya", current: "tidak", tpi: "ya" })),
    sync_conflicts: [],
    rejected: (options.rejected ?? []).map((item, id) => ({
      id,
      item,
      kind: "sk",
      title: `Berkas ${item}`,
      file_name: `${item}.pdf`,
      review_status: "rejected",
      review_note: "tidak ditandatangani",
    })),
  } as unknown as AssessmentState;
}
