// Finding an item by its code or by words of its text, for Ctrl+K.

import type { ItemEntry, LkeIndex } from "../../lib/tree";

/** A search hit: the item and whether its code matched. */
export interface Hit {
  entry: ItemEntry;
  byCode: boolean;
}

/** Lower case without diacritics or punctuation runs, for matching. */
export function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

/** A typed code in any of the forms teams write: `P.1.i.a`, `p1ia`, `1.i.a`. */
function compact(code: string): string {
  return fold(code).replace(/[\s._\-/]+/g, "");
}

/**
 * Items matching `query`: codes first (`P.1.i.a`, `1.i.a`, `r.5.iii`, any
 * case, with or without dots), then items whose question, options, sub-area
 * or required data dukung contain every word, in LKE order.
 */
export function searchItems(index: LkeIndex, query: string, limit = 30): Hit[] {
  const q = query.trim();
  if (!q) return [];
  const key = compact(q);
  const hits: Hit[] = [];
  const seen = new Set<string>();
  if (key.length > 0) {
    for (const entry of index.items) {
      const full = compact(entry.item.code);
      if (full.startsWith(key) || full.slice(1).startsWith(key)) {
        hits.push({ entry, byCode: true });
        seen.add(entry.item.code);
      }
    }
  }
  const words = fold(q).split(/\s+/).filter((w) => w.length > 0);
  for (const entry of index.items) {
    if (hits.length >= limit) break;
    if (seen.has(entry.item.code)) continue;
    const { item, subArea, area } = entry;
    const options = item.answer.type === "choice" ? item.answer.options.map((o) => o.text) : [];
    const haystack = fold(
      [item.question, subArea.name, area.name, ...options, ...item.evidence.map((e) => e.guidance)].join(
        " ",
      ),
    );
    if (words.every((w) => haystack.includes(w))) hits.push({ entry, byCode: false });
  }
  return hits.slice(0, limit);
}
