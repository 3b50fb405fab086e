import { describe, expect, it } from "vitest";

import { doc, lkeIndex } from "./fixture.test-helper";
import { answerKindLabel, changeAreas, findArea, itemLetter, parts } from "./tree";

describe("indexTemplate", () => {
  const index = lkeIndex();

  it("lists the 113 items in LKE order with their full codes", () => {
    expect(index.items).toHaveLength(113);
    const first = index.items[0]!;
    expect([first.item.code, first.areaCode, first.subAreaCode, first.index]).toEqual([
      "P.1.i.a",
      "P.1",
      "P.1.i",
      0,
    ]);
    expect(index.items.at(-1)?.item.code.startsWith("H.")).toBe(true);
    expect(index.byCode.get("R.5.iii.b")?.areaCode).toBe("R.5");
  });

  it("finds areas and labels evidence kinds", () => {
    expect(findArea(index, "P.1")?.area.name).toBe("Manajemen Perubahan");
    expect(findArea(index, "X.9")).toBeUndefined();
    expect(index.kindLabel("daftar_hadir")).toBe("Daftar hadir");
    expect(index.kindLabel("tak_dikenal")).toBe("tak_dikenal");
  });

  it("joins the Pemenuhan and Reform halves of the six change areas", () => {
    const areas = changeAreas(index);
    expect(areas.map((a) => a.number)).toEqual(["1", "2", "3", "4", "5", "6"]);
    expect(areas.every((a) => a.pemenuhan && a.reform)).toBe(true);
    expect(parts(doc).map((p) => p.part)).toEqual(["P", "R", "H"]);
  });

  it("names answer kinds and item letters", () => {
    const kinds = new Set(index.items.map((e) => answerKindLabel(e.item.answer)));
    expect(kinds).toContain("Ya / Tidak");
    expect(kinds).toContain("Jumlah");
    expect(kinds).toContain("Indeks survei");
    expect([...kinds].some((k) => /^Pilihan A–[B-E]$/.test(k))).toBe(true);
    expect(itemLetter("R.5.iii.b")).toBe("b");
  });
});
