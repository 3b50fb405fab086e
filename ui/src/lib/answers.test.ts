import { describe, expect, it } from "vitest";

import type { AnswerSpec } from "./bindings";
import { answerLabel, countsFromText, countsToText, surveyText } from "./answers";

const yesNo: AnswerSpec = { type: "yes_no" };
const choice: AnswerSpec = { type: "choice", options: [] };
const counts: AnswerSpec = { type: "counts", rows: [], value: "min(b / a, 1)" };
const survey: AnswerSpec = { type: "survey_index", min: 0, max: 4 };

describe("answers for people", () => {
  it.each([
    [yesNo, "ya", "Ya"],
    [yesNo, "tidak", "Tidak"],
    [choice, "b", "B"],
    [counts, "a=5;b=7", "a = 5 · b = 7"],
    [survey, "3.61", "3,61"],
    [survey, null, "Belum dijawab"],
  ])("%o %s reads %s", (spec, text, expected) => {
    expect(answerLabel(spec, text)).toBe(expected);
  });

  it("turns count rows into the text the core parses and back", () => {
    expect(countsFromText("a=5;b=7")).toEqual({ a: "5", b: "7" });
    expect(countsFromText(null)).toEqual({});
    expect(countsToText({ a: " 5", b: "", c: "2" })).toBe("a=5;c=2");
  });

  it("writes a survey index the Indonesian way", () => {
    expect(surveyText("3.61")).toBe("3,61");
    expect(surveyText(null)).toBe("");
  });
});
