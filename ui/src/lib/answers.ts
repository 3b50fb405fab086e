// Answers as people read and type them. Parsing and scoring stay in the
// core (`preview_answer`, `save_answer`); this only shows stored canonical
// text (`ya`, `b`, `a=5;b=7`, `3.61`) the Indonesian way and builds the
// canonical text from the count inputs.

import type { AnswerSpec } from "./bindings";
import { formatNumber } from "./format";

/** What the core gives of a stored answer: its canonical text and, for a
 * counts item, the rows it read from it. */
export type StoredAnswer = { value: string | null; counts: Partial<Record<string, number>> };

/** A stored answer for display: `Ya`, `B`, `a = 5 · b = 7`, `3,61`. */
export function answerLabel(spec: AnswerSpec, answer: StoredAnswer | undefined): string {
  const canonical = answer?.value;
  if (!canonical) return "Belum dijawab";
  switch (spec.type) {
    case "yes_no":
      return canonical === "ya" ? "Ya" : canonical === "tidak" ? "Tidak" : canonical;
    case "choice":
      return canonical.toUpperCase();
    case "counts":
      return countsLabel(countInputs(answer.counts));
    case "survey_index": {
      const x = Number(canonical);
      return Number.isFinite(x) ? formatNumber(x, 2) : canonical;
    }
  }
}

/** Count rows for people: `a = 5 · b = 7`. */
export function countsLabel(rows: Record<string, string>): string {
  return Object.entries(rows)
    .map(([row, n]) => `${row} = ${n}`)
    .join(" · ");
}

/** The count inputs for the rows the core read from a stored answer. */
export function countInputs(counts: Partial<Record<string, number>> | undefined): Record<string, string> {
  const rows: Record<string, string> = {};
  for (const [row, n] of Object.entries(counts ?? {})) if (n !== undefined) rows[row] = String(n);
  return rows;
}

/** Typed count rows kept as a draft (the app's own JSON, not the counts
 * grammar, which only the core parses). */
export function countsDraft(rows: Record<string, string>): string {
  return JSON.stringify(rows);
}

/** The count rows of a draft kept by [`countsDraft`]; anything else is none. */
export function draftRows(draft: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(draft);
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return {};
    const rows: Record<string, string> = {};
    for (const [row, v] of Object.entries(parsed as Record<string, unknown>)) if (typeof v === "string") rows[row] = v;
    return rows;
  } catch {
    return {};
  }
}

/** The text to send for typed count rows; empty rows are left out. */
export function countsToText(rows: Record<string, string>): string {
  return Object.entries(rows)
    .filter(([, v]) => v.trim() !== "")
    .map(([row, v]) => `${row}=${v.trim()}`)
    .join(";");
}

/** A stored survey index (`3.61`) as typed in Indonesia (`3,61`). */
export function surveyText(canonical: string | null | undefined): string {
  return canonical ? canonical.replace(".", ",") : "";
}
