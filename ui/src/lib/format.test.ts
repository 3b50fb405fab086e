import { describe, expect, it } from "vitest";

import {
  EMPTY,
  formatBytes,
  formatDate,
  formatDateTime,
  formatDayMonthYear,
  formatInteger,
  formatNip,
  formatNumber,
  formatPercent,
  formatPoints,
  formatTimestamp,
  parseDayMonthYear,
  shortHash,
} from "./format";
import numberCases from "../../../tests/fixtures/number-format.json";

describe("formatNumber", () => {
  // The table the core's `format::number` is tested against too.
  it.each(numberCases)("$value with $decimals places is $expected (shared table)", ({ value, decimals, expected }) => {
    expect(formatNumber(value, decimals)).toBe(expected);
  });

  it.each([
    [1e-7, 2, "0,00"],
    [1e21, 0, "1.000.000.000.000.000.000.000"],
    [-3.25, 1, "-3,3"],
  ])("%f with %i decimals is %s", (value, decimals, expected) => {
    expect(formatNumber(value, decimals)).toBe(expected);
  });

  it.each([
    [87.5, 2, "87,50"],
    [87.5, 1, "87,5"],
    [100, 2, "100,00"],
    [0, 2, "0,00"],
    [1234.5, 1, "1.234,5"],
    [1234567.891, 2, "1.234.567,89"],
    [999.995, 2, "1.000,00"],
    [1.005, 2, "1,01"],
    [0.125, 2, "0,13"],
    [-3.5, 2, "-3,50"],
    [-0.001, 2, "0,00"],
    [2000, 0, "2.000"],
    [12.4, 0, "12"],
  ])("%f with %i decimals is %s", (value, decimals, expected) => {
    expect(formatNumber(value, decimals)).toBe(expected);
  });

  it.each([null, undefined, Number.NaN, Number.POSITIVE_INFINITY])(
    "%s is the placeholder",
    (value) => {
      expect(formatNumber(value)).toBe(EMPTY);
    },
  );
});

describe("formatInteger, formatPoints and formatPercent", () => {
  it.each([
    [formatInteger(113), "113"],
    [formatInteger(2000), "2.000"],
    [formatInteger(1234567), "1.234.567"],
    [formatPoints(30), "30,00"],
    [formatPoints(2.5), "2,50"],
    [formatPoints(null), EMPTY],
    [formatPercent(0.75), "75%"],
    [formatPercent(0.6), "60%"],
    [formatPercent(0.625), "62,5%"],
    [formatPercent(1), "100%"],
    [formatPercent(0.123456, 2), "12,35%"],
    [formatPercent(undefined), EMPTY],
  ])("%s is %s", (actual, expected) => {
    expect(actual).toBe(expected);
  });
});

describe("formatDate", () => {
  it.each([
    ["2023-06-30", "30 Juni 2023"],
    ["2024-01-01", "1 Januari 2024"],
    ["2024-02-29", "29 Februari 2024"],
    ["2021-12-31T23:59:59Z", "31 Desember 2021"],
    ["2022-08-17 08:00", "17 Agustus 2022"],
    [" 2020-03-05 ", "5 Maret 2020"],
  ])("%s is %s", (value, expected) => {
    expect(formatDate(value)).toBe(expected);
  });

  it("uses the local calendar day of a Date", () => {
    expect(formatDate(new Date(2023, 5, 30, 23, 30))).toBe("30 Juni 2023");
    expect(formatDate(new Date(2023, 10, 1))).toBe("1 November 2023");
  });

  it.each(["2023-02-30", "2023-13-01", "30/06/2023", "", "kemarin"])(
    "%s is not a date",
    (value) => {
      expect(formatDate(value)).toBe(EMPTY);
    },
  );

  it("gives the placeholder for nothing and invalid dates", () => {
    expect(formatDate(null)).toBe(EMPTY);
    expect(formatDate(undefined)).toBe(EMPTY);
    expect(formatDate(new Date(Number.NaN))).toBe(EMPTY);
  });
});

describe("formatDateTime", () => {
  it("writes the time with a dot", () => {
    expect(formatDateTime(new Date(2023, 5, 30, 14, 5))).toBe("30 Juni 2023 14.05");
    expect(formatDateTime(new Date(2024, 0, 2, 9, 0))).toBe("2 Januari 2024 09.00");
  });

  it("gives the placeholder for nothing", () => {
    expect(formatDateTime(null)).toBe(EMPTY);
  });
});

describe("formatBytes, shortHash and formatTimestamp", () => {
  it.each([
    [0, "0 B"],
    [512, "512 B"],
    [1536, "1,5 KB"],
    [5 * 1024 * 1024 * 1024, "5,0 GB"],
    [-1, EMPTY],
  ])("%i bytes is %s", (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });

  it("shortens a hash to 12 digits", () => {
    expect(shortHash("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")).toBe(
      "ba7816bf8f01",
    );
  });

  it("shows stored timestamps in local time and refuses other text", () => {
    const local = new Date(2024, 2, 30, 14, 5);
    expect(formatTimestamp(local.toISOString())).toBe("30 Maret 2024 14.05");
    expect(formatTimestamp("kemarin")).toBe(EMPTY);
    expect(formatTimestamp(null)).toBe(EMPTY);
  });
});

describe("dates typed as dd/mm/yyyy", () => {
  it("shows a stored date the Indonesian way and reads it back", () => {
    expect(formatDayMonthYear("2024-02-14")).toBe("14/02/2024");
    expect(formatDayMonthYear(null)).toBe("");
    expect(parseDayMonthYear("14/02/2024")).toBe("2024-02-14");
    expect(parseDayMonthYear(" 4-2-2024 ")).toBe("2024-02-04");
    expect(parseDayMonthYear("04.02.2024")).toBe("2024-02-04");
    expect(parseDayMonthYear("")).toBe("");
  });

  it("refuses what is no date, saying how to write one", () => {
    for (const bad of ["31/02/2024", "2024-02-14", "14/13/2024", "kemarin"]) {
      expect(() => parseDayMonthYear(bad)).toThrow(/misalnya 14\/02\/2024/);
    }
  });
});

describe("formatNip", () => {
  it("groups the 18 digits as documents print them", () => {
    expect(formatNip("197001011990031001")).toBe("19700101 199003 1 001");
    expect(formatNip("19700101 199003 1 001")).toBe("19700101 199003 1 001");
    expect(formatNip("123")).toBe("123");
  });
});
