import { describe, expect, it } from "vitest";
import {
  bestOf,
  capGrade,
  CLASS_NAMES,
  compareGrades,
  floorGrade,
  type Grade,
  GRADE_CLASSES,
  GRADE_NAMES,
  gradeClass,
  gradeRank,
  GRADES,
  isBetter,
  isGrade,
  worstOf,
} from "../src/index.js";

const HAN = /\p{Script=Han}/u;

describe("grade order", () => {
  it("lists the five grades best first", () => {
    expect([...GRADES]).toEqual(["A", "B", "C", "D", "E"]);
  });

  it("ranks A as 0 up to E as 4", () => {
    expect(GRADES.map(gradeRank)).toEqual([0, 1, 2, 3, 4]);
  });

  it("compareGrades is negative when the first is better, zero when equal, positive when worse", () => {
    expect(compareGrades("A", "B")).toBeLessThan(0);
    expect(compareGrades("E", "D")).toBeGreaterThan(0);
    for (const g of GRADES) expect(compareGrades(g, g)).toBe(0);
  });

  it("compareGrades sorts any shuffle best first", () => {
    expect((["C", "A", "E", "B", "D"] as Grade[]).sort(compareGrades)).toEqual(["A", "B", "C", "D", "E"]);
    expect((["E", "E", "A", "C", "A"] as Grade[]).sort(compareGrades)).toEqual(["A", "A", "C", "E", "E"]);
  });

  it("isBetter is strict: true only when the first ranks above the second", () => {
    expect(isBetter("A", "B")).toBe(true);
    expect(isBetter("B", "A")).toBe(false);
    expect(isBetter("C", "C")).toBe(false);
    expect(isBetter("D", "E")).toBe(true);
  });
});

describe("worstOf / bestOf", () => {
  it("worstOf picks the highest rank", () => {
    expect(worstOf("B", "D", "C")).toBe("D");
    expect(worstOf("A")).toBe("A");
    expect(worstOf("E", "A")).toBe("E");
    expect(worstOf("A", "A", "B")).toBe("B");
  });

  it("bestOf picks the lowest rank", () => {
    expect(bestOf("B", "D", "C")).toBe("B");
    expect(bestOf("E")).toBe("E");
    expect(bestOf("E", "A")).toBe("A");
    expect(bestOf("D", "E", "C")).toBe("C");
  });
});

describe("capGrade / floorGrade", () => {
  it("capGrade lowers a grade that is better than the cap and leaves worse grades alone", () => {
    expect(capGrade("A", "B")).toBe("B");
    expect(capGrade("B", "B")).toBe("B");
    expect(capGrade("C", "B")).toBe("C");
    expect(capGrade("A", "E")).toBe("E");
  });

  it("capGrade never raises a grade", () => {
    for (const g of GRADES) for (const cap of GRADES) expect(gradeRank(capGrade(g, cap))).toBeGreaterThanOrEqual(gradeRank(g));
  });

  it("floorGrade raises a grade that is worse than the floor and leaves better grades alone", () => {
    expect(floorGrade("E", "D")).toBe("D");
    expect(floorGrade("D", "D")).toBe("D");
    expect(floorGrade("B", "D")).toBe("B");
    expect(floorGrade("E", "A")).toBe("A");
  });

  it("floorGrade never lowers a grade", () => {
    for (const g of GRADES) for (const fl of GRADES) expect(gradeRank(floorGrade(g, fl))).toBeLessThanOrEqual(gradeRank(g));
  });
});

describe("gradeClass", () => {
  it.each([
    ["A", "trustworthy"],
    ["B", "trustworthy"],
    ["C", "minor"],
    ["D", "general"],
    ["E", "serious"],
  ] as const)("%s is %s", (grade, cls) => {
    expect(gradeClass(grade)).toBe(cls);
  });

  it("lists the four classes best first", () => {
    expect([...GRADE_CLASSES]).toEqual(["trustworthy", "minor", "general", "serious"]);
  });
});

describe("isGrade", () => {
  it("accepts the five canonical grades", () => {
    for (const g of ["A", "B", "C", "D", "E"]) expect(isGrade(g)).toBe(true);
  });

  it("rejects labels, lower case, other types and prototype keys", () => {
    for (const v of ["M", "a", "", "AB", " A", "F", "toString", "__proto__", "hasOwnProperty", 0, null, undefined, {}, ["A"]]) {
      expect(isGrade(v)).toBe(false);
    }
  });
});

describe("names", () => {
  it("every grade has a Chinese and an English name", () => {
    for (const g of GRADES) {
      const n = GRADE_NAMES[g];
      expect(n.zh).toMatch(HAN);
      expect(n.zh).toContain(`${g}级`);
      expect(n.en).toMatch(new RegExp(`^${g}\\b`));
    }
  });

  it("grade names carry their class's Chinese name", () => {
    for (const g of GRADES) expect(GRADE_NAMES[g].zh).toContain(CLASS_NAMES[gradeClass(g)].zh);
  });

  it("every class has a Chinese and an English name", () => {
    expect(CLASS_NAMES.trustworthy).toEqual({ zh: "诚信守法", en: "trustworthy" });
    expect(CLASS_NAMES.minor).toEqual({ zh: "轻微失信", en: "minor dishonesty" });
    expect(CLASS_NAMES.general).toEqual({ zh: "一般失信", en: "general dishonesty" });
    expect(CLASS_NAMES.serious).toEqual({ zh: "严重失信", en: "serious dishonesty" });
    for (const c of GRADE_CLASSES) {
      expect(CLASS_NAMES[c].zh).toMatch(HAN);
      expect(CLASS_NAMES[c].en.length).toBeGreaterThan(0);
    }
  });
});
