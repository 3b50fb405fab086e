// Answers as people read and type them. Parsing and scoring stay in the
// core (`preview_answer`, `save_answer`); this only shows stored canonical
// text (`ya`, `b`, `a=5;b=7`, `3.61`) the Indonesian way and builds the
// canonical text from the count inputs.

import type { AnswerSpec } from "./bindings";
import { formatNumber } from "./format";

/** A stored answer for display: `Ya`, `B`, `a = 5 · b = 7`, `3,61`. */
export function answerLabel(spec: AnswerSpec, canonical: string | null | undefined): string {
  if (!canonical) return "Belum dijawab";
  switch (spec.type) {
    case "yes_no":
      return canonical === "ya" ? "Ya" : canonical === "tidak" ? "Tidak" : canonical;
    case "choice":
      return canonical.toUpperCase();
    case "counts":
      return Object.entries(countsFromText(canonical))
        .map(([row, n]) => `${row} = ${n}`)
        .join(" · ");
    case "survey_index": {
      const x = Number(canonical);
      return Number.isFinite(x) ? formatNumber(x, 2) : canonical;
    }
  }
}

/** The rows of a stored counts answer (`a=5;b=7`). */
export function countsFromText(text: string | null | undefined): Record<string, string> {
  const rows: Record<string, string> = {};
  for (const piece of (text ?? "").split(";")) {
    const [row, value] = piece.split("=");
    if (row && value !== undefined) rows[row.trim()] = value.trim();
  }
  return rows;
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
