// Walking the LKE tree the app receives from `template_tree`: finding a node
// by code and counting what is under it, for navigation and headings. No
// scoring happens here; figures come from the core.

import type { Area, AnswerKind, Item, Part, SubArea, TemplateTree } from "./bindings";

/** An item with the nodes above it. */
export interface ItemPath {
  part: Part;
  area: Area;
  subArea: SubArea;
  item: Item;
}

/** An area with the part it belongs to. */
export interface AreaPath {
  part: Part;
  area: Area;
}

/** One of the six areas of change, with its Pemenuhan and Reform sides. */
export interface ChangeArea {
  /** Area number, 1..6. */
  number: string;
  name: string;
  pemenuhan?: Area;
  reform?: Area;
}

/** Every part of the tree in LKE order (Pemenuhan, Reform, Hasil). */
export function parts(tree: TemplateTree): Part[] {
  return tree.components.flatMap((c) => c.parts);
}

/** Every item of a tree, part, area or sub-area, in LKE order. */
export function itemsOf(node: TemplateTree | Part | Area | SubArea): Item[] {
  if ("items" in node) return node.items;
  if ("sub_areas" in node) return node.sub_areas.flatMap((s) => s.items);
  if ("areas" in node) return node.areas.flatMap(itemsOf);
  return parts(node).flatMap(itemsOf);
}

/** The item with this code, with its part, area and sub-area. */
export function findItem(tree: TemplateTree, code: string): ItemPath | undefined {
  for (const part of parts(tree)) {
    for (const area of part.areas) {
      for (const subArea of area.sub_areas) {
        const item = subArea.items.find((i) => i.code === code);
        if (item) return { part, area, subArea, item };
      }
    }
  }
  return undefined;
}

/** The area with this code (`P.1`), with its part. */
export function findArea(tree: TemplateTree, code: string): AreaPath | undefined {
  for (const part of parts(tree)) {
    const area = part.areas.find((a) => a.code === code);
    if (area) return { part, area };
  }
  return undefined;
}

/**
 * The six areas of change, each joining its Pemenuhan and Reform sides by
 * area number, in the order Pemenuhan lists them.
 */
export function changeAreas(tree: TemplateTree): ChangeArea[] {
  const byNumber = new Map<string, ChangeArea>();
  for (const part of parts(tree)) {
    if (part.part !== "P" && part.part !== "R") continue;
    for (const area of part.areas) {
      const number = area.code.split(".")[1] ?? area.code;
      const entry = byNumber.get(number) ?? { number, name: area.name };
      if (part.part === "P") entry.pemenuhan = area;
      else entry.reform = area;
      byNumber.set(number, entry);
    }
  }
  return [...byNumber.values()];
}

/** The Indonesian name of an answer kind. */
export function answerKindLabel(kind: AnswerKind): string {
  switch (kind) {
    case "yes_no":
      return "Ya / Tidak";
    case "choice":
      return "Pilihan A–E";
    case "counts":
      return "Jumlah";
    case "survey_index":
      return "Indeks survei";
  }
}
