import { describe, expect, it } from "vitest";

import { clamp, polar, radarPath, ringPath, share, wrap } from "./charts";

describe("chart geometry", () => {
  it("puts the first axis straight up and goes clockwise", () => {
    expect(polar(0, 4, 10, 50, 50)).toEqual([50, 40]);
    expect(polar(1, 4, 10, 50, 50)).toEqual([60, 50]);
    expect(polar(2, 4, 10, 50, 50)).toEqual([50, 60]);
  });

  it("draws a closed polygon of shares, clamped to the radius", () => {
    expect(radarPath([1, 0.5, 2, -1], 10, 0, 0)).toBe("M0,-10 L5,0 L0,10 L0,0 Z");
    expect(radarPath([], 10, 0, 0)).toBe("");
    expect(ringPath(4, 0.5, 10, 0, 0)).toBe("M0,-5 L5,0 L0,5 L-5,0 Z");
  });

  it("clamps shares and divides safely", () => {
    expect([clamp(null), clamp(Number.NaN), clamp(1.2), clamp(0.3)]).toEqual([0, 0, 1, 0.3]);
    expect([share(12, 20), share(5, 0), share(null, 10), share(30, 20)]).toEqual([0.6, 0, 0, 1]);
  });

  it("wraps labels into short lines", () => {
    expect(wrap("3. Penataan Sistem Manajemen SDM Aparatur", 16)).toEqual([
      "3. Penataan",
      "Sistem Manajemen",
      "SDM Aparatur",
    ]);
    expect(wrap("Transformasi", 5)).toEqual(["Transformasi"]);
    expect(wrap("", 10)).toEqual([]);
  });
});
