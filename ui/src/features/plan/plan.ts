// Presentation helpers of the Rencana Aksi screen's month grid. Every
// figure (due, done, late, on schedule, the suggestion) comes from the core;
// these only lay them out.

import type { ActivityView, MonthState, Realisation, RealisationStatus } from "../../lib/bindings";
import { MONTHS } from "../../lib/format";

/** Column titles of the month grid, as the seed's table writes them. */
export const SHORT_MONTHS = ["JAN", "FEB", "MAR", "APR", "MEI", "JUN", "JUL", "AGS", "SEP", "OKT", "NOV", "DES"];

/** One month cell of an activity's bar. */
export interface MonthCell {
  month: number;
  state: MonthState;
  /** The first month of a run of planned months (the bar's rounded start). */
  start: boolean;
  /** The last month of a run (the bar's rounded end). */
  end: boolean;
  record: Realisation | null;
}

/** The twelve cells of an activity: its state per month and where its bars
 * begin and end (months run as any set, so one activity may have several
 * bars). */
export function monthCells(a: Pick<ActivityView, "months" | "month_states" | "progress">): MonthCell[] {
  const planned = new Set(a.months);
  return SHORT_MONTHS.map((_, i) => {
    const month = i + 1;
    return {
      month,
      state: a.month_states[i] ?? "none",
      start: planned.has(month) && !planned.has(month - 1),
      end: planned.has(month) && !planned.has(month + 1),
      record: a.progress.find((r) => r.month === month) ?? null,
    };
  });
}

/** A month state for people. */
export function stateLabel(state: MonthState): string {
  switch (state) {
    case "done":
      return "Selesai";
    case "partial":
      return "Sebagian";
    case "late":
      return "Terlambat";
    case "current":
      return "Bulan ini";
    case "planned":
      return "Direncanakan";
    default:
      return "Tidak direncanakan";
  }
}

/** The realisation statuses in the order the form offers them: nothing
 * recorded first (a month's state until someone says what was done). */
export const REALISATION_CHOICES: { value: RealisationStatus; label: string }[] = [
  { value: "belum_dicatat", label: "Belum dicatat" },
  { value: "selesai", label: "Selesai" },
  { value: "sebagian", label: "Sebagian" },
  { value: "belum", label: "Belum dilaksanakan" },
];

/** A month's recorded status for people; no record reads "belum dicatat". */
export function realisationLabel(status: RealisationStatus | null | undefined): string {
  return REALISATION_CHOICES.find((c) => c.value === (status ?? "belum_dicatat"))?.label.toLowerCase() ?? "belum dicatat";
}

/** Months as the seed writes them: `Februari – Juni`, `Maret, Juni, September`. */
export function monthsLabel(months: readonly number[]): string {
  const sorted = [...new Set(months)].filter((m) => m >= 1 && m <= 12).sort((a, b) => a - b);
  if (sorted.length === 0) return "–";
  const runs: [number, number][] = [];
  for (const m of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[1] + 1 === m) last[1] = m;
    else runs.push([m, m]);
  }
  const name = (m: number) => MONTHS[m - 1] ?? String(m);
  return runs
    .map(([a, b]) => (a === b ? name(a) : b === a + 1 ? `${name(a)}, ${name(b)}` : `${name(a)} – ${name(b)}`))
    .join(", ");
}

/** Today as `YYYY-MM-DD` on this computer's calendar. */
export function todayText(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The quarter (1..4) a `YYYY-MM-DD` date falls in. */
export function quarterOf(date: string): number {
  const month = Number(date.slice(5, 7));
  return month >= 1 && month <= 12 ? Math.ceil(month / 3) : 1;
}

/** A document path with the extension of the chosen format. */
export function withExtension(path: string, ext: "pdf" | "docx"): string {
  if (!path.trim()) return path;
  return /\.(pdf|docx)$/i.test(path) ? path.replace(/\.(pdf|docx)$/i, `.${ext}`) : `${path}.${ext}`;
}
