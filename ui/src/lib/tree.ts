// Walking the LKE template the app receives from `template_doc`: full codes
// (`P.1`, `P.1.i`) for its nodes, items in LKE order with their place, and
// the six change areas. No scoring happens here; figures come from the core.

import type { Area, AnswerSpec, Item, PartDef, SubArea, TemplateDoc } from "./bindings";

/** An item with the nodes above it and its full codes. */
export interface ItemEntry {
  item: Item;
  part: PartDef;
  area: Area;
  subArea: SubArea;
  /** `P.1` */
  areaCode: string;
  /** `P.1.i` */
  subAreaCode: string;
  /** 0-based place in the LKE. */
  index: number;
}

/** An area within a part, with its full code and items. */
export interface AreaEntry {
  part: PartDef;
  area: Area;
  /** `P.1` */
  code: string;
  items: ItemEntry[];
}

/** A template read once for the screens: lookups by code, labels. */
export interface LkeIndex {
  doc: TemplateDoc;
  /** Every item in LKE order. */
  items: ItemEntry[];
  /** Every area of every part, in LKE order. */
  areas: AreaEntry[];
  byCode: Map<string, ItemEntry>;
  /** The label of an evidence kind code (the code itself when unknown). */
  kindLabel: (kind: string) => string;
}

/** Every part of the template in LKE order (Pemenuhan, Reform, Hasil). */
export function parts(doc: TemplateDoc): PartDef[] {
  return doc.components.flatMap((c) => c.parts);
}

/** The full code of an area (`P.1`). */
export function areaCode(part: PartDef, area: Area): string {
  return `${part.part}.${area.code}`;
}

/** Read a template once. */
export function indexTemplate(doc: TemplateDoc): LkeIndex {
  const items: ItemEntry[] = [];
  const areas: AreaEntry[] = [];
  for (const part of parts(doc)) {
    for (const area of part.areas) {
      const code = areaCode(part, area);
      const entry: AreaEntry = { part, area, code, items: [] };
      for (const subArea of area.sub_areas) {
        for (const item of subArea.items) {
          const e: ItemEntry = {
            item,
            part,
            area,
            subArea,
            areaCode: code,
            subAreaCode: `${code}.${subArea.code}`,
            index: items.length,
          };
          items.push(e);
          entry.items.push(e);
        }
      }
      areas.push(entry);
    }
  }
  const labels = new Map(doc.evidence_kinds.map((k) => [k.code, k.label]));
  return {
    doc,
    items,
    areas,
    byCode: new Map(items.map((e) => [e.item.code, e])),
    kindLabel: (kind) => labels.get(kind) ?? kind,
  };
}

/** The area entry with this code (`P.1`). */
export function findArea(index: LkeIndex, code: string): AreaEntry | undefined {
  return index.areas.find((a) => a.code === code);
}

/** One of the six areas of change, with its Pemenuhan and Reform sides. */
export interface ChangeArea {
  /** Area number, 1..6. */
  number: string;
  name: string;
  pemenuhan?: AreaEntry;
  reform?: AreaEntry;
}

/**
 * The six areas of change, each joining its Pemenuhan and Reform sides by
 * area number, in the order Pemenuhan lists them.
 */
export function changeAreas(index: LkeIndex): ChangeArea[] {
  const byNumber = new Map<string, ChangeArea>();
  for (const entry of index.areas) {
    if (entry.part.part !== "P" && entry.part.part !== "R") continue;
    const number = entry.area.code;
    const found = byNumber.get(number) ?? { number, name: entry.area.name };
    if (entry.part.part === "P") found.pemenuhan = entry;
    else found.reform = entry;
    byNumber.set(number, found);
  }
  return [...byNumber.values()];
}

/** The Indonesian name of an answer kind. */
export function answerKindLabel(answer: AnswerSpec): string {
  switch (answer.type) {
    case "yes_no":
      return "Ya / Tidak";
    case "choice":
      return `Pilihan A–${String.fromCharCode(96 + answer.options.length).toUpperCase()}`;
    case "counts":
      return "Jumlah";
    case "survey_index":
      return "Indeks survei";
  }
}

/** The item's own letter (`a` of `P.1.i.a`). */
export function itemLetter(code: string): string {
  return code.split(".").at(-1) ?? code;
}
