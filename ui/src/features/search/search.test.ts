import { describe, expect, it } from "vitest";

import { lkeIndex } from "../../lib/fixture.test-helper";
import { fold, searchItems } from "./search";

const index = lkeIndex();
const codes = (query: string) => searchItems(index, query).map((h) => h.entry.item.code);

describe("searchItems", () => {
  it.each([
    ["P.1.i.a", "P.1.i.a"],
    ["p1ia", "P.1.i.a"],
    ["r.5.iii.b", "R.5.iii.b"],
    ["R5iiib", "R.5.iii.b"],
  ])("finds %s by its code", (query, code) => {
    expect(codes(query)[0]).toBe(code);
    expect(searchItems(index, query)[0]?.byCode).toBe(true);
  });

  it("takes a code without its part in every part that has it", () => {
    expect(codes("1.i.a").slice(0, 3)).toEqual(["P.1.i.a", "R.1.i.a", "H.1.i.a"]);
  });

  it("lists a code prefix in LKE order", () => {
    const hits = codes("P.1.i");
    expect(hits.length).toBeGreaterThan(1);
    expect(hits.every((c) => c.startsWith("P.1.i"))).toBe(true);
  });

  it("finds words of the question, options and data dukung, ignoring case", () => {
    const hits = searchItems(index, "Agen PERUBAHAN konkret");
    expect(hits.map((h) => h.entry.item.code)).toContain("R.1.i.a");
    expect(hits.every((h) => !h.byCode)).toBe(true);
    expect(codes("notula").length).toBeGreaterThan(0);
    expect(codes("kata-yang-tidak-ada")).toEqual([]);
    expect(codes("   ")).toEqual([]);
  });

  it("folds diacritics and case", () => {
    expect(fold("Évaluasi ÀKUNTABILITAS")).toBe("evaluasi akuntabilitas");
  });
});
