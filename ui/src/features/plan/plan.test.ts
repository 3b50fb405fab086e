import { describe, expect, it } from "vitest";

import { REALISATION_CHOICES, monthCells, monthsLabel, quarterOf, realisationLabel, stateLabel, todayText, withExtension } from "./plan";

describe("monthCells", () => {
  it("gives each run of planned months its own bar", () => {
    const cells = monthCells({
      months: [2, 3, 7, 8, 9],
      month_states: ["none", "done", "late", "none", "none", "none", "current", "planned", "planned", "none", "none", "none"],
      progress: [
        {
          month: 2,
          status: "selesai",
          percent: 100,
          note: "",
          kendala: "",
          solusi: "",
          rekomendasi: "",
          evidence: [],
          updated_by: "tim",
          updated_at: "2024-02-28T00:00:00Z",
        },
      ],
    });
    const bars = cells.filter((c) => c.state !== "none").map((c) => `${c.month}${c.start ? "[" : ""}${c.end ? "]" : ""}`);
    expect(bars).toEqual(["2[", "3]", "7[", "8", "9]"]);
    expect(cells[1]!.record?.status).toBe("selesai");
    expect(cells[2]!.record).toBeNull();
    expect(stateLabel(cells[2]!.state)).toBe("Terlambat");
  });
});

describe("monthsLabel", () => {
  it.each([
    [[1, 2, 3], "Januari – Maret"],
    [[2, 3, 7, 8, 9], "Februari, Maret, Juli – September"],
    [[3, 6, 9, 12], "Maret, Juni, September, Desember"],
    [[12, 1], "Januari, Desember"],
    [[], "–"],
  ])("%j is %s", (months, text) => {
    expect(monthsLabel(months)).toBe(text);
  });
});

describe("dates and files", () => {
  it("knows the quarter and today's text", () => {
    expect([quarterOf("2024-01-31"), quarterOf("2024-04-01"), quarterOf("2024-12-31")]).toEqual([1, 2, 4]);
    expect(todayText(new Date(2024, 2, 5))).toBe("2024-03-05");
  });

  it("switches a document's extension with its format", () => {
    expect(withExtension("/d/Rencana Aksi ZI U 2024.pdf", "docx")).toBe("/d/Rencana Aksi ZI U 2024.docx");
    expect(withExtension("/d/rencana", "pdf")).toBe("/d/rencana.pdf");
    expect(withExtension("", "pdf")).toBe("");
  });
});

describe("realisation status", () => {
  it("offers belum dicatat first and names every state apart", () => {
    expect(REALISATION_CHOICES[0]?.value).toBe("belum_dicatat");
    expect(realisationLabel(null)).toBe("belum dicatat");
    expect(realisationLabel("belum_dicatat")).toBe("belum dicatat");
    expect(realisationLabel("belum")).toBe("belum dilaksanakan");
    expect(realisationLabel("sebagian")).toBe("sebagian");
    expect(new Set(REALISATION_CHOICES.map((c) => c.label)).size).toBe(REALISATION_CHOICES.length);
  });
});
