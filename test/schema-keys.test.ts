/**
 * Misspelt keys in a ruleset document (issue #15): each unknown key is reported at its own path,
 * with its line and column, and with the nearest key its object allows when one is close; a
 * required key that is missing names the sibling that looks like its misspelling.
 */
import { describe, expect, it } from "vitest";
import { validateRulesetText } from "../src/index.js";
import { labelsRuleset, recordsRuleset, weightsRuleset } from "./fixtures.js";

// Fixtures are mutated freely, including into shapes the type forbids.
type Doc = any;

const rename = (o: Record<string, unknown>, from: string, to: string): void => {
  const entries = Object.entries(o).map(([k, v]) => [k === from ? to : k, v] as const);
  for (const k of Object.keys(o)) delete o[k];
  Object.assign(o, Object.fromEntries(entries));
};

/** Each diagnostic as [path, message, line, column], of the document pretty-printed. */
function check(doc: Doc): { text: string; got: [unknown[], string, number, number][] } {
  const text = JSON.stringify(doc, null, 2);
  const { diagnostics, valid } = validateRulesetText(text);
  expect(valid).toBe(false);
  return { text, got: diagnostics.map((d) => [d.path as unknown[], d.message, d.position!.line, d.position!.column]) };
}

/** Line and column (1-based) of the value of the one property `"key": ` in the text, found by search. */
function valueOf(text: string, key: string): [number, number] {
  const lines = text.split("\n");
  const hits = lines.flatMap((l, i) => (l.includes(`"${key}": `) ? [i] : []));
  expect(hits, key).toHaveLength(1);
  const i = hits[0]!;
  return [i + 1, lines[i]!.indexOf(`"${key}": `) + key.length + 5];
}

/** Line and column of the `{` that opens the object whose first line is the one line holding `first`. */
function objectOf(text: string, first: string): [number, number] {
  const lines = text.split("\n");
  const hits = lines.flatMap((l, i) => (l.includes(first) ? [i] : []));
  expect(hits, first).toHaveLength(1);
  const open = lines[hits[0]! - 1]!;
  expect(open.trim()).toBe("{");
  return [hits[0]!, open.indexOf("{") + 1];
}

describe("an unknown key gets the nearest allowed key of its object", () => {
  it("at the top level, beside the missing required key it misspells", () => {
    const doc: Doc = weightsRuleset();
    rename(doc, "effective", "effectiv");
    const { text, got } = check(doc);
    expect(got).toEqual([
      [["effective"], 'required key "effective" is missing; is "effectiv" a misspelling of it? (Invalid input: expected object, received undefined)', 1, 1],
      [["effectiv"], 'Unrecognized key: "effectiv" (did you mean "effective"?)', ...valueOf(text, "effectiv")],
    ]);
  });

  it("in a nested indicator (inside the group/indicator union)", () => {
    const doc: Doc = weightsRuleset();
    rename(doc.indicators[0].children[0], "weight", "weigth");
    const { text, got } = check(doc);
    expect(got).toEqual([[["indicators", 0, "children", 0, "weigth"], 'Unrecognized key: "weigth" (did you mean "weight"?)', ...valueOf(text, "weigth")]]);
  });

  it("in a rule whose effect is misspelt: both the missing effect and the unknown key say so", () => {
    const doc: Doc = recordsRuleset();
    rename(doc.rules[0], "effect", "efect");
    const { text, got } = check(doc);
    expect(got).toEqual([
      [["rules", 0, "effect"], 'required key "effect" is missing; is "efect" a misspelling of it? (Invalid input: expected object, received undefined)', ...objectOf(text, '"id": "serious-dishonesty"')],
      [["rules", 0, "efect"], 'Unrecognized key: "efect" (did you mean "effect"?)', ...valueOf(text, "efect")],
    ]);
  });

  it("in an effect (a discriminated union: the keys of the option its type names)", () => {
    const doc: Doc = recordsRuleset();
    doc.rules[1].effect.lable = "C";
    const { text, got } = check(doc);
    expect(got).toEqual([[["rules", 1, "effect", "lable"], 'Unrecognized key: "lable" (did you mean "label"?)', ...valueOf(text, "lable")]]);
  });

  it("in a field of a record type", () => {
    const doc: Doc = recordsRuleset();
    rename(doc.records.types[0].fields[0], "required", "requird");
    const { text, got } = check(doc);
    expect(got).toEqual([[["records", "types", 0, "fields", 0, "requird"], 'Unrecognized key: "requird" (did you mean "required"?)', ...valueOf(text, "requird")]]);
  });

  it("in a label, in another case", () => {
    const doc: Doc = labelsRuleset();
    rename(doc.labels[0], "name", "Name");
    const { text, got } = check(doc);
    expect(got).toEqual([[["labels", 0, "Name"], 'Unrecognized key: "Name" (did you mean "name"?)', ...valueOf(text, "Name")]]);
  });

  it("a missing discriminator names the misspelt key, though zod reports no unknown key", () => {
    const doc: Doc = weightsRuleset();
    rename(doc.inputs[0], "type", "tpye");
    const { text, got } = check(doc);
    expect(got).toEqual([
      [["inputs", 0, "type"], `required key "type" is missing; is "tpye" a misspelling of it? (Invalid discriminator value. Expected 'number' | 'boolean' | 'category' | 'score')`, ...objectOf(text, '"id": "years"')],
    ]);
  });
});

describe("no suggestion when nothing is close", () => {
  it("an unrelated key", () => {
    const doc: Doc = weightsRuleset();
    doc.colour = "red";
    const { text, got } = check(doc);
    expect(got).toEqual([[["colour"], 'Unrecognized key: "colour"', ...valueOf(text, "colour")]]);
  });

  it("a key its object already has is not suggested (that would write it twice)", () => {
    const doc: Doc = labelsRuleset();
    doc.labels[1].lable = "A";
    const { text, got } = check(doc);
    expect(got).toEqual([[["labels", 1, "lable"], 'Unrecognized key: "lable"', ...valueOf(text, "lable")]]);
  });
});
