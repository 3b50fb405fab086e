import { describe, expect, it } from "vitest";

import { lkeIndex, record, state } from "./fixture.test-helper";
import { fileCount, filtered, itemStatuses, passes, valueOf } from "./status";

const index = lkeIndex();
const data = state({
  answers: [
    record("P.1.i.a", "unit", "ya", "SK Tim"),
    record("P.1.i.a", "tpi", "tidak"),
    record("P.1.i.a", "tpn", "ya"),
    record("P.1.i.b", "unit", "b"),
    record("P.1.ii.a", "unit", null, "hanya catatan"),
  ],
  unitValues: { "P.1.i.a": 1, "P.1.i.b": 0.5 },
  tpiValues: { "P.1.i.a": 0 },
  tpnValues: { "P.1.i.a": 1 },
  complete: ["P.1.i.a"],
  differ: ["P.1.i.a"],
  conflicts: ["P.1.i.b"],
  rejected: ["P.1.ii.a"],
});
const statuses = itemStatuses(index, data);

describe("itemStatuses", () => {
  it("joins both roles' answers, the core's values and completeness", () => {
    const s = statuses.get("P.1.i.a")!;
    expect([s.unit?.value, s.tpi?.value, s.unitValue, s.tpiValue]).toEqual(["ya", "tidak", 1, 0]);
    expect([s.tpn?.value, valueOf(s, "tpn"), valueOf(s, "tpi"), valueOf(undefined, "unit")]).toEqual(["ya", 1, 0, null]);
    expect([s.differ, s.conflict, s.completeness?.complete]).toEqual([true, false, true]);
    expect(s.files).toBe(fileCount(s.completeness));
    expect(s.files).toBeGreaterThan(0);
    expect(statuses.get("P.1.i.b")?.conflict).toBe(true);
    expect(statuses.get("H.1.i.a")?.unitValue).toBeNull();
    expect(statuses.size).toBe(113);
  });
});

describe("filters", () => {
  it("belum dijawab is about the role being worked in; a note alone is no answer", () => {
    expect(passes(statuses.get("P.1.i.b"), "unanswered", "unit")).toBe(false);
    expect(passes(statuses.get("P.1.i.b"), "unanswered", "tpi")).toBe(true);
    expect(passes(statuses.get("P.1.ii.a"), "unanswered", "unit")).toBe(true);
    expect(filtered(index, statuses, "unanswered", "unit")).toHaveLength(111);
    expect(filtered(index, statuses, "unanswered", "tpi")).toHaveLength(112);
  });

  it("Tidak Lengkap, beda Unit/TPI and all", () => {
    expect(filtered(index, statuses, "incomplete", "unit")).toHaveLength(112);
    expect(filtered(index, statuses, "differ", "unit").map((e) => e.item.code)).toEqual([
      "P.1.i.a",
      "P.1.i.b",
    ]);
    expect(filtered(index, statuses, "all", "tpi")).toHaveLength(113);
  });

  it("Ditolak TPI lists the items with a rejected file and its reason", () => {
    const hits = filtered(index, statuses, "rejected", "unit");
    expect(hits.map((e) => e.item.code)).toEqual(["P.1.ii.a"]);
    expect(statuses.get("P.1.ii.a")?.rejected[0]?.review_note).toBe("tidak ditandatangani");
    expect(statuses.get("P.1.i.a")?.rejected).toEqual([]);
  });
});
