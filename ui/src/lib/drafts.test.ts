import { describe, expect, it } from "vitest";
import { Drafts, draftKey } from "./drafts.svelte";

describe("drafts", () => {
  it("keeps typed text until it is saved or thrown away", () => {
    const d = new Drafts();
    const key = draftKey(7, "P.1.i.a", "note:unit");
    expect(key).toBe("7:P.1.i.a:note:unit");
    d.set(key, "SK Kepala Dinas", "Catatan Tim Kerja P.1.i.a", "");
    expect(d.get(key)).toBe("SK Kepala Dinas");
    expect(d.unsaved).toBe(true);
    expect(d.unsavedLabels()).toEqual(["Catatan Tim Kerja P.1.i.a"]);
    d.delete(key);
    expect(d.get(key)).toBeUndefined();
    expect(d.unsaved).toBe(false);
  });

  it("drops a draft that is back to what is stored", () => {
    const d = new Drafts();
    const key = draftKey(7, "kegiatan#3", "realisasi-3");
    const stored = { status: "belum_dicatat", kendala: "" };
    d.set(key, { status: "belum_dicatat", kendala: "Narasumber berhalangan" }, "Realisasi Maret", stored);
    expect(d.has(key)).toBe(true);
    d.set(key, { ...stored }, "Realisasi Maret", stored);
    expect(d.has(key)).toBe(false);
  });

  it("keeps a copy, not the object the form goes on changing", () => {
    const d = new Drafts();
    const form = { kendala: "a" };
    d.set("k", form, "x");
    form.kendala = "b";
    expect(d.get<{ kendala: string }>("k")?.kendala).toBe("a");
  });

  it("remembers a screen's state without asking about it on close", () => {
    const d = new Drafts();
    d.remember(draftKey(7, "impor", "layar"), { folder: "D:\\ZI 2024" }, "Impor folder");
    expect(d.get<{ folder: string }>(draftKey(7, "impor", "layar"))?.folder).toBe("D:\\ZI 2024");
    expect(d.unsaved).toBe(false);
    d.set(draftKey(8, "P.1.i.a", "note:tpi"), "catatan", "Catatan reviu TPI P.1.i.a");
    d.clear(7);
    expect(d.has(draftKey(7, "impor", "layar"))).toBe(false);
    expect(d.unsavedLabels()).toEqual(["Catatan reviu TPI P.1.i.a"]);
  });
});
