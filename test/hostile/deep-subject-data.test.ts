/**
 * Deep subject data (issue #14, item 5, the library's half): a 100,000-deep array in an
 * undeclared record field was graded, echoed by a `latest` fact into the evaluation, and the
 * evaluation then overflowed JSON.stringify in whatever wrote it. Subject data nested deeper than
 * MAX_SUBJECT_DEPTH is now a subject error (NESTING_TOO_DEEP) with the path of the first value past
 * the limit; the CLI turns such a subject into a rejection line like any other subject error.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileRuleset, MAX_SUBJECT_DEPTH, SubjectError } from "../../src/index.js";
import { recordsRuleset } from "../fixtures.js";

/** An array nested `levels` deep: [[[…[]…]]]. */
function nested(levels: number): unknown[] {
  let v: unknown[] = [];
  for (let i = 1; i < levels; i++) v = [v];
  return v;
}

// The subject is level 1, records 2, a record 3, its field 4: a field holding an array nested n deep reaches level 3 + n.
const subject = (extra: unknown) => ({
  id: "x",
  inputs: { years: 5, underInvestigation: false },
  records: [{ id: "p1", type: "penalty", date: "2025-03-01", severity: "general", amount: 10, extra }],
});

function issuesOf(run: () => unknown): SubjectError["issues"] | undefined {
  try {
    run();
    return undefined;
  } catch (e) {
    if (e instanceof SubjectError) return e.issues;
    throw e;
  }
}

describe("deep subject data", () => {
  const c = compileRuleset(recordsRuleset());

  it("the reproduction: a 100,000-deep array in an undeclared field is a subject error at the first value past the limit", () => {
    const issues = issuesOf(() => c.evaluate(subject(nested(100_000)), { asOf: "2025-12-31" }));
    expect(issues).toHaveLength(1);
    const [issue] = issues!;
    expect(issue!.code).toBe("NESTING_TOO_DEEP");
    expect(issue!.path).toEqual(["records", 0, "extra", ...Array<number>(MAX_SUBJECT_DEPTH - 3).fill(0)]);
    expect(issue!.expected).toBe(`data nested at most ${MAX_SUBJECT_DEPTH} levels deep`);
    expect(issues).toEqual(issuesOf(() => c.grade(subject(nested(100_000)), { asOf: "2025-12-31" })));
  });

  it("at the limit the subject grades, and the evaluation echoing the record can be written", () => {
    const ev = c.evaluate(subject(nested(MAX_SUBJECT_DEPTH - 3)), { asOf: "2025-12-31" });
    expect(JSON.stringify(ev)).toContain('"extra"');
  });

  it("inputs, undeclared members of the subject and objects count alike", () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 40; i++) deep = { d: deep };
    const inInputs = issuesOf(() => c.grade({ id: "x", inputs: { years: 5, deep } }, { asOf: "2025-12-31" }));
    expect(inInputs!.map((i) => [i.code, i.path.slice(0, 3)])).toEqual([["NESTING_TOO_DEEP", ["inputs", "deep", "d"]]]);
    const outside = issuesOf(() => c.grade({ id: "x", meta: deep }, { asOf: "2025-12-31" }));
    expect(outside!.map((i) => i.code)).toEqual(["NESTING_TOO_DEEP"]);
    // The first value past the limit is at level 33: its path has 32 steps.
    expect(outside![0]!.path).toHaveLength(MAX_SUBJECT_DEPTH);
  });

  it("several values past the limit: one issue, at the first found (a container's values checked in order, then its containers entered, the last first)", () => {
    const deepObject = (n: number): unknown => (n === 0 ? {} : { d: deepObject(n - 1) });
    const path = (issues: SubjectError["issues"] | undefined): string[] => issues!.map((i) => `${i.code} ${i.path.slice(0, 3).join(".")}`);
    // records is entered before inputs (entered last first), and records[1] before records[0].
    const two = { id: "x", inputs: { years: 5, a: deepObject(40) }, records: [{ id: "p", type: "penalty", date: "2025-01-01", extra: deepObject(50) }, { id: "q", type: "penalty", date: "2025-01-01", extra: deepObject(45) }] };
    expect(path(issuesOf(() => c.grade(two, { asOf: "2025-12-31" }))).filter((p) => p.startsWith("NESTING"))).toEqual(["NESTING_TOO_DEEP records.1.extra"]);
    // Of two inputs past the limit, the later one is entered first.
    const inputs = { years: 5, first: deepObject(40), second: deepObject(MAX_SUBJECT_DEPTH - 2) };
    const issues = issuesOf(() => c.grade({ id: "x", inputs }, { asOf: "2025-12-31" }));
    expect(path(issues)).toEqual(["NESTING_TOO_DEEP inputs.second.d"]);
  });

  it("a subject that refers to itself is refused, not walked for ever", () => {
    const s: Record<string, unknown> = { id: "x", inputs: { years: 5 } };
    (s.inputs as Record<string, unknown>).self = s;
    expect(issuesOf(() => c.grade(s, { asOf: "2025-12-31" }))!.map((i) => i.code)).toEqual(["NESTING_TOO_DEEP"]);
  });

  it("any nesting depth: refused exactly past the limit", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 80 }), (n) => {
        const issues = issuesOf(() => c.grade(subject(nested(n)), { asOf: "2025-12-31" }));
        expect(issues === undefined).toBe(3 + n <= MAX_SUBJECT_DEPTH);
      }),
    );
  });
});
