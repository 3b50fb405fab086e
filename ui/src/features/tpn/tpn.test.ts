import { describe, expect, it } from "vitest";

import type { ItemSides, StageRecord } from "../../lib/bindings";
import { TPI, UNIT, fromTpn, signed, stageForm, stageTone } from "./tpn";

const record = (outcome: StageRecord["outcome"]): StageRecord => ({
  stage: "wawancara",
  date: "2026-08-12",
  outcome,
  note: "LHE 12",
});

describe("stageTone", () => {
  it("reads how a stage ended", () => {
    expect(stageTone(null)).toBe("none");
    expect(stageTone(record(null))).toBe("ongoing");
    expect(stageTone(record("lolos"))).toBe("passed");
    expect(stageTone(record("wbk"))).toBe("passed");
    expect(stageTone(record("tidak_lolos"))).toBe("stopped");
  });
});

describe("stageForm", () => {
  it("gives the date as typed in Indonesia and no outcome as empty", () => {
    expect(stageForm(record(null))).toEqual({ date: "12/08/2026", outcome: "", note: "LHE 12" });
    expect(stageForm(null)).toEqual({ date: "", outcome: "", note: "" });
  });
});

describe("fromTpn", () => {
  const item = (values: ItemSides["values"]): ItemSides => ({
    item: "P.1.i.a",
    answers: values.map((v) => (v === null ? null : String(v))) as ItemSides["answers"],
    values,
    differ: true,
  });

  it("is TPN's value less the other side's, only where both answered", () => {
    const sides = item([1, 0.5, 0.75]);
    expect(fromTpn(sides, UNIT)).toBe(-0.25);
    expect(fromTpn(sides, TPI)).toBe(0.25);
    expect(fromTpn(item([null, 0.5, 1]), UNIT)).toBeNull();
    expect(fromTpn(item([1, 0.5, null]), TPI)).toBeNull();
  });

  it("is written with its sign", () => {
    expect(signed(-0.25)).toBe("−0,25");
    expect(signed(0.5)).toBe("+0,50");
    expect(signed(0)).toBe("0,00");
    expect(signed(-0.001)).toBe("0,00");
    expect(signed(null)).toBe("–");
  });
});
