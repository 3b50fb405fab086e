import { describe, expect, it } from "vitest";

import type { AnswerSpec } from "./bindings";
import { answerLabel, countInputs, countsDraft, countsToText, draftRows, surveyText } from "./answers";

const yesNo: AnswerSpec = { type: "yes_no" };
const choice: AnswerSpec = { type: "choice", options: [] };
const counts: AnswerSpec = { type: "counts", rows: [], value: "min(b / a, 1)" };
const survey: AnswerSpec = { type: "survey_index", min: 0, max: 4 };

describe("answers for people", () => {
  it.each([
    [yesNo, "ya", "Ya"],
    [yesNo, "tidak", "Tidak"],
    [choice, "b", "B"],
    [survey, "3.61", "3,61"],
    [survey, null, "Belum dijawab"],
  ])("%o %s reads %s", (spec, text, expected) => {
    expect(answerLabel(spec, { value: text, counts: {} })).toBe(expected);
  });

  it("shows count rows as the core read them", () => {
    expect(answerLabel(counts, { value: "a=5;b=7", counts: { a: 5, b: 7 } })).toBe("a = 5 · b = 7");
    expect(countInputs({ a: 5, b: 0 })).toEqual({ a: "5", b: "0" });
    expect(countInputs(undefined)).toEqual({});
  });

  it("sends typed rows as the text the core parses, keeps drafts as its own JSON", () => {
    expect(countsToText({ a: " 5", b: "", c: "2" })).toBe("a=5;c=2");
    expect(draftRows(countsDraft({ a: "5", b: "" }))).toEqual({ a: "5", b: "" });
    expect(draftRows("a=5;b=7")).toEqual({});
    expect(draftRows('["a"]')).toEqual({});
  });

  it("writes a survey index the Indonesian way", () => {
    expect(surveyText("3.61")).toBe("3,61");
    expect(surveyText(null)).toBe("");
  });
});
