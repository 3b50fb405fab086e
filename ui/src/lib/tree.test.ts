import { describe, expect, it } from "vitest";

import type { Area, Item, TemplateTree } from "./bindings";
import { answerKindLabel, changeAreas, findArea, findItem, itemsOf, parts } from "./tree";

function item(code: string): Item {
  return { code, question: `Pertanyaan ${code}`, answer: "yes_no", options: [], evidence: [] };
}

function area(code: string, name: string, items: string[]): Area {
  return {
    code,
    name,
    weight: 5,
    sub_areas: [{ code: `${code}.i`, name: "Indikator", weight: 5, items: items.map(item) }],
  };
}

const tree: TemplateTree = {
  id: "uji",
  name: "Templat uji",
  regulation: "-",
  total_weight: 100,
  components: [
    {
      code: "A",
      name: "Pengungkit",
      weight: 60,
      parts: [
        {
          part: "P",
          name: "Pemenuhan",
          weight: 30,
          areas: [
            area("P.1", "Manajemen Perubahan", ["P.1.i.a", "P.1.i.b"]),
            area("P.2", "Penataan Tatalaksana", ["P.2.i.a"]),
          ],
        },
        {
          part: "R",
          name: "Reform",
          weight: 30,
          areas: [area("R.1", "Manajemen Perubahan", ["R.1.i.a"])],
        },
      ],
    },
    {
      code: "B",
      name: "Hasil",
      weight: 40,
      parts: [{ part: "H", name: "Hasil", weight: 40, areas: [area("H.1", "Kinerja", ["H.1.i.a"])] }],
    },
  ],
};

describe("tree", () => {
  it("lists parts and items in LKE order", () => {
    expect(parts(tree).map((p) => p.part)).toEqual(["P", "R", "H"]);
    expect(itemsOf(tree).map((i) => i.code)).toEqual([
      "P.1.i.a",
      "P.1.i.b",
      "P.2.i.a",
      "R.1.i.a",
      "H.1.i.a",
    ]);
  });

  it("finds items and areas by code with their parents", () => {
    const found = findItem(tree, "R.1.i.a");
    expect(found?.part.name).toBe("Reform");
    expect(found?.area.code).toBe("R.1");
    expect(found?.subArea.code).toBe("R.1.i");
    expect(findItem(tree, "P.9.i.a")).toBeUndefined();
    expect(findArea(tree, "H.1")?.part.part).toBe("H");
    expect(findArea(tree, "X.1")).toBeUndefined();
  });

  it("joins Pemenuhan and Reform into change areas, leaving Hasil out", () => {
    const areas = changeAreas(tree);
    expect(areas.map((a) => [a.number, a.name, a.pemenuhan?.code, a.reform?.code])).toEqual([
      ["1", "Manajemen Perubahan", "P.1", "R.1"],
      ["2", "Penataan Tatalaksana", "P.2", undefined],
    ]);
  });

  it.each([
    ["yes_no", "Ya / Tidak"],
    ["choice", "Pilihan A–E"],
    ["counts", "Jumlah"],
    ["survey_index", "Indeks survei"],
  ] as const)("names the answer kind %s", (kind, label) => {
    expect(answerKindLabel(kind)).toBe(label);
  });
});
