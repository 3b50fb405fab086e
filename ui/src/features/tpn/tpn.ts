// TPN's result as the screens show it: how a stage ended as a tone, the
// form's text for a stored stage, and the differences of TPN's item value
// from the unit's and TPI's (the values themselves come from the core).

import type { ItemSides, Outcome, StageRecord } from "../../lib/bindings";
import { formatDayMonthYear, formatNumber } from "../../lib/format";

/** How a stage stands: passed (or a predicate), stopped, under way, not recorded. */
export type StageTone = "passed" | "stopped" | "ongoing" | "none";

/** The tone of a stage from its record. */
export function stageTone(record: StageRecord | null): StageTone {
  if (!record) return "none";
  if (record.outcome === null) return "ongoing";
  return record.outcome === "tidak_lolos" ? "stopped" : "passed";
}

/** What a stage's form holds: the date as typed, the outcome ("" = none yet), the note. */
export interface StageForm {
  date: string;
  outcome: Outcome | "";
  note: string;
}

/** The form of a stored stage (empty for one not recorded). */
export function stageForm(record: StageRecord | null): StageForm {
  return {
    date: formatDayMonthYear(record?.date),
    outcome: record?.outcome ?? "",
    note: record?.note ?? "",
  };
}

/** The sides in `ItemSides` order. */
export const UNIT = 0;
export const TPI = 1;
export const TPN = 2;

/** TPN's item value less another side's, when both answered the item. */
export function fromTpn(item: ItemSides, side: typeof UNIT | typeof TPI): number | null {
  const tpn = item.values[TPN];
  const other = item.values[side];
  if (tpn === null || tpn === undefined || other === null || other === undefined) return null;
  return tpn - other;
}

/** A difference with its sign (`+0,25`, `−0,50`, `0,00`); `–` for none. */
export function signed(value: number | null | undefined, decimals = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const text = formatNumber(Math.abs(value), decimals);
  if (text === formatNumber(0, decimals)) return text;
  return value > 0 ? `+${text}` : `−${text}`;
}
