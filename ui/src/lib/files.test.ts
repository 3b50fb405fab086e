import { describe, expect, it } from "vitest";

import type { Evidence } from "./bindings";
import { groupFiles, naturalCompare, unmappedFolders } from "./files";

function file(kind: string, title: string): Evidence {
  return { id: Math.random(), kind, title, file_name: `${title}.jpg` } as Evidence;
}

describe("files", () => {
  it("sorts numbers by value, not by character", () => {
    const names = ["Foto ke-10", "foto ke-2", "Foto ke-1"];
    expect(names.sort(naturalCompare)).toEqual(["Foto ke-1", "foto ke-2", "Foto ke-10"]);
  });

  it("groups by kind, required kinds first in their order", () => {
    const groups = groupFiles(
      [file("foto", "Foto ke-10"), file("lainnya", "Catatan"), file("undangan", "Undangan"), file("foto", "Foto ke-2")],
      ["undangan", "foto"],
      (k) => ({ undangan: "Undangan", foto: "Dokumentasi foto", lainnya: "Lainnya" })[k] ?? k,
    );
    expect(groups.map((g) => [g.label, g.files.map((f) => f.title)])).toEqual([
      ["Undangan", ["Undangan"]],
      ["Dokumentasi foto", ["Foto ke-2", "Foto ke-10"]],
      ["Lainnya", ["Catatan"]],
    ]);
  });
});

describe("unmapped folders", () => {
  it("lists every folder with the unmapped files under it, parents first", () => {
    const folders = unmappedFolders([
      "rapat/scan 003.pdf",
      "rapat/2024/scan 010.pdf",
      "rapat/2024/scan 2.pdf",
      "foto kegiatan/IMG_1.jpg",
      "catatan.txt",
    ]);
    expect(folders).toEqual([
      { folder: "foto kegiatan", paths: ["foto kegiatan/IMG_1.jpg"] },
      { folder: "rapat", paths: ["rapat/scan 003.pdf", "rapat/2024/scan 010.pdf", "rapat/2024/scan 2.pdf"] },
      { folder: "rapat/2024", paths: ["rapat/2024/scan 010.pdf", "rapat/2024/scan 2.pdf"] },
    ]);
    expect(unmappedFolders(["a.pdf"])).toEqual([]);
  });
});
