// Per-item status for the tree badges, the filters and the item pane, read
// from the assessment state the core computed. Nothing is scored here: the
// values, completeness and unit/TPI differences all come from the core.

import type { AnswerRecord, AssessmentState, Evidence, ItemCompleteness, Role } from "./bindings";
import type { ItemEntry, LkeIndex } from "./tree";

/** What the screens show about one item. */
export interface ItemStatus {
  code: string;
  unit?: AnswerRecord;
  tpi?: AnswerRecord;
  tpn?: AnswerRecord;
  /** Item value 0..1 of the unit's answer; `null` when unanswered. */
  unitValue: number | null;
  tpiValue: number | null;
  tpnValue: number | null;
  /** Completeness of its data dukung. */
  completeness?: ItemCompleteness;
  /** Both answered, differently. */
  differ: boolean;
  /** The unit changed its answer after the submission TPI reviewed. */
  conflict: boolean;
  /** Files attached. */
  files: number;
  /** Files TPI rejected (ditolak), with the reasons. */
  rejected: Evidence[];
}

/** The list filters of the Penilaian screen. */
export type Filter = "all" | "unanswered" | "incomplete" | "differ" | "rejected";

export const FILTERS: { id: Filter; label: string }[] = [
  { id: "all", label: "Semua" },
  { id: "unanswered", label: "Belum dijawab" },
  { id: "incomplete", label: "Tidak Lengkap" },
  { id: "differ", label: "Beda Unit/TPI" },
  { id: "rejected", label: "Ditolak TPI" },
];

/** Files attached to an item: each counted once, under its kind or as other. */
export function fileCount(c: ItemCompleteness | undefined): number {
  if (!c) return 0;
  return c.kinds.reduce((n, k) => n + k.files + k.damaged + k.rejected, c.other_files);
}

/** The status of every item, by code. */
export function itemStatuses(index: LkeIndex, state: AssessmentState): Map<string, ItemStatus> {
  const answers = new Map<string, Partial<Record<Role, AnswerRecord>>>();
  for (const record of state.answers) {
    const entry = answers.get(record.item) ?? {};
    entry[record.role] = record;
    answers.set(record.item, entry);
  }
  const differ = new Set(state.progress.differ);
  const conflicts = new Set(state.conflicts.map((c) => c.item));
  const rejected = new Map<string, Evidence[]>();
  for (const e of state.rejected ?? []) rejected.set(e.item, [...(rejected.get(e.item) ?? []), e]);
  const out = new Map<string, ItemStatus>();
  for (const { item } of index.items) {
    const code = item.code;
    const found = answers.get(code) ?? {};
    const completeness = state.completeness.items[code];
    out.set(code, {
      code,
      unit: found.unit,
      tpi: found.tpi,
      tpn: found.tpn,
      unitValue: state.unit_score.items[code] ?? null,
      tpiValue: state.tpi_score.items[code] ?? null,
      tpnValue: state.tpn_score.items[code] ?? null,
      completeness,
      differ: differ.has(code),
      conflict: conflicts.has(code),
      files: fileCount(completeness),
      rejected: rejected.get(code) ?? [],
    });
  }
  return out;
}

/** The stored item value of one side, 0..1; `null` when it did not answer. */
export function valueOf(status: ItemStatus | undefined, role: Role): number | null {
  if (!status) return null;
  return role === "unit" ? status.unitValue : role === "tpi" ? status.tpiValue : status.tpnValue;
}

/** The answer of one role, when it has a value. */
export function answerOf(status: ItemStatus | undefined, role: Role): AnswerRecord | undefined {
  const record = status?.[role];
  return record?.value ? record : undefined;
}

/** Whether an item passes a filter; "belum dijawab" is about `role`. */
export function passes(status: ItemStatus | undefined, filter: Filter, role: Role): boolean {
  switch (filter) {
    case "all":
      return true;
    case "unanswered":
      return !answerOf(status, role);
    case "incomplete":
      return status?.completeness?.complete === false;
    case "differ":
      return status?.differ === true || status?.conflict === true;
    case "rejected":
      return (status?.rejected.length ?? 0) > 0;
  }
}

/** The items passing a filter, in LKE order. */
export function filtered(
  index: LkeIndex,
  statuses: Map<string, ItemStatus>,
  filter: Filter,
  role: Role,
): ItemEntry[] {
  return index.items.filter((e) => passes(statuses.get(e.item.code), filter, role));
}
