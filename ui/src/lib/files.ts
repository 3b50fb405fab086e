// An item's attached files as people look for them: grouped by kind in the
// order the item requires them (other kinds after), and within a kind in
// natural order, so "Foto ke-2" comes before "Foto ke-10".

import type { Evidence } from "./bindings";

const collator = new Intl.Collator("id", { numeric: true, sensitivity: "base" });

/** Compare two names as people sort them: numbers by value, case ignored. */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b);
}

/** The files of one kind. */
export interface FileGroup {
  kind: string;
  label: string;
  files: Evidence[];
}

/**
 * Group files by kind: first the `required` kinds in their order, then any
 * other kind by label; files by title, then file name, naturally.
 */
export function groupFiles(
  files: Evidence[],
  required: string[],
  label: (kind: string) => string,
): FileGroup[] {
  const byKind = new Map<string, Evidence[]>();
  for (const f of files) byKind.set(f.kind, [...(byKind.get(f.kind) ?? []), f]);
  const rank = (kind: string) => {
    const at = required.indexOf(kind);
    return at < 0 ? required.length : at;
  };
  return [...byKind.entries()]
    .map(([kind, list]) => ({
      kind,
      label: label(kind),
      files: list.sort(
        (a, b) => naturalCompare(a.title, b.title) || naturalCompare(a.file_name, b.file_name),
      ),
    }))
    .sort((a, b) => rank(a.kind) - rank(b.kind) || naturalCompare(a.label, b.label));
}

/** A folder of an import with the unmapped files under it (at any depth). */
export interface UnmappedFolder {
  /** `rapat/2024`, with `/` between parts as an import reports paths. */
  folder: string;
  /** The unmapped files under it. */
  paths: string[];
}

/**
 * Every folder that holds unmapped files, with those files, so a whole
 * folder can be placed on an item at once: parents before their
 * subfolders, in natural order. Files at the top of the imported folder
 * belong to no folder and are placed one by one.
 */
export function unmappedFolders(paths: readonly string[]): UnmappedFolder[] {
  const byFolder = new Map<string, string[]>();
  for (const path of paths) {
    const parts = path.split("/");
    for (let depth = 1; depth < parts.length; depth++) {
      const folder = parts.slice(0, depth).join("/");
      byFolder.set(folder, [...(byFolder.get(folder) ?? []), path]);
    }
  }
  return [...byFolder.entries()]
    .map(([folder, files]) => ({ folder, paths: files }))
    .sort((a, b) => naturalCompare(a.folder, b.folder));
}
