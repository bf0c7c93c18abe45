import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assertUscc,
  CreditGradingError,
  organisationCodeCheck,
  USCC_CATEGORIES,
  USCC_CATEGORY_NAMES,
  USCC_CHARSET,
  usccCheckCharacter,
  UsccError,
  type UsccMode,
  type UsccProblem,
  validateUscc,
} from "../src/index.js";

/** The problem a code breaks, or "valid". */
const verdict = (code: unknown, mode?: UsccMode): UsccProblem | "valid" => {
  const r = validateUscc(code, mode === undefined ? {} : { mode });
  return r.valid ? "valid" : r.problem;
};

// REFERENCE.md §6: valid fixtures pass both the GB 32100 and the embedded GB 11714 check.
const VALID = [
  "91310110666007217T",
  "91310115591693856A",
  "914403001922038216",
  "91440300708461136T",
  "91330100799655058B",
  "91110108551385082Q",
  "123502001549897397",
  "91440101MA5CJQ4N59",
];

describe("check characters", () => {
  it("GB 32100: the worked example 91440300192203821 → 6", () => {
    // 9×1 + 1×3 + 4×9 + 4×27 + 0×19 + 3×26 + 0×16 + 0×17 + 1×20 + 9×29 + 2×25 + 2×13 + 0×8 + 3×24 + 8×10 + 2×30 + 1×28
    // = 831; 831 mod 31 = 25; 31 − 25 = 6 → "6".
    expect(usccCheckCharacter("91440300192203821")).toBe("6");
  });

  it("GB 32100: letters take their charset value (91440101MA5CJQ4N5 → 9)", () => {
    // Σ = 2750; 2750 mod 31 = 22; 31 − 22 = 9 → "9".
    expect(usccCheckCharacter("91440101MA5CJQ4N5")).toBe("9");
  });

  it("GB 32100: the remainder maps through the charset, and a sum divisible by 31 gives 0", () => {
    // "10000000000000000": Σ = 1×1 = 1; 31 − 1 = 30 → "Y" (the last charset character).
    expect(usccCheckCharacter("10000000000000000")).toBe("Y");
    // "Y1000000000000000": Σ = 30×1 + 1×3 = 33; 33 mod 31 = 2; 31 − 2 = 29 → "X".
    expect(usccCheckCharacter("Y1000000000000000")).toBe("X");
    // "1A000000000000000": Σ = 1×1 + 10×3 = 31; 31 mod 31 = 0; 31 − 0 = 31 → 0 → "0".
    expect(usccCheckCharacter("1A000000000000000")).toBe("0");
  });

  it("GB 32100: a character outside the charset throws UsccError FORBIDDEN_CHARACTER", () => {
    expect(() => usccCheckCharacter("9144030019220382I")).toThrow(UsccError);
    try {
      usccCheckCharacter("9144030019220382I");
    } catch (e) {
      expect((e as UsccError).problem).toBe("FORBIDDEN_CHARACTER");
    }
  });

  it("GB 11714: 19220382 → 1", () => {
    // 1×3 + 9×7 + 2×9 + 2×10 + 0×5 + 3×8 + 8×4 + 2×2 = 164; 164 mod 11 = 10; 11 − 10 = 1.
    expect(organisationCodeCheck("19220382")).toBe("1");
  });

  it("GB 11714: letters use the full alphabet, J = 19 (MA5CJQ4N → 5)", () => {
    // M=22, A=10, 5, C=12, J=19, Q=26, 4, N=23: 66 + 70 + 45 + 120 + 95 + 208 + 16 + 46 = 666; 666 mod 11 = 6; 11 − 6 = 5.
    expect(organisationCodeCheck("MA5CJQ4N")).toBe("5");
  });

  it("GB 11714: 10 → X and 11 → 0", () => {
    // "00000001": Σ = 1×2 = 2; 2 mod 11 = 2; 11 − 2 = 9.
    expect(organisationCodeCheck("00000001")).toBe("9");
    // "00000000": Σ = 0; 11 − 0 = 11 → "0".
    expect(organisationCodeCheck("00000000")).toBe("0");
    // "00000006": Σ = 6×2 = 12; 12 mod 11 = 1; 11 − 1 = 10 → "X".
    expect(organisationCodeCheck("00000006")).toBe("X");
  });

  it("the charset has 31 characters and none of I, O, S, V, Z", () => {
    expect(USCC_CHARSET).toHaveLength(31);
    expect(new Set(USCC_CHARSET).size).toBe(31);
    for (const ch of "IOSVZ") expect(USCC_CHARSET).not.toContain(ch);
  });
});

describe("fixture codes (REFERENCE.md §6)", () => {
  it.each(VALID)("%s is valid in standard and strict mode", (code) => {
    expect(validateUscc(code)).toEqual({ valid: true, code, allowListed: false });
    expect(verdict(code, "strict")).toBe("valid");
    expect(assertUscc(code)).toBe(code);
  });

  it.each([
    ["914403001922038217", "6"], // wrong check, expected 6
    ["91350211M00013FA1N", "3"], // early pilot code (Hutool isCreditCode2 asserts false), expected 3
  ])("%s fails CHECK_CHARACTER (expected %s)", (code, expected) => {
    const r = validateUscc(code);
    expect(r.valid).toBe(false);
    if (!r.valid) {
      expect(r.problem).toBe("CHECK_CHARACTER");
      expect(r.message).toContain(`expected "${expected}"`);
      expect(r.code).toBe(code);
    }
  });

  it.each(["91110108717809965C", "91110000800088421P", "9133010057462616XH"])("mock code %s fails CHECK_CHARACTER", (code) => {
    expect(verdict(code)).toBe("CHECK_CHARACTER");
    expect(verdict(code, "strict")).toBe("CHECK_CHARACTER");
  });
});

describe("format", () => {
  it("lower-case input and surrounding space are normalised", () => {
    expect(validateUscc("91110108551385082q")).toEqual({ valid: true, code: "91110108551385082Q", allowListed: false });
    expect(validateUscc("  91310110666007217t\n")).toEqual({ valid: true, code: "91310110666007217T", allowListed: false });
    expect(assertUscc("91440101ma5cjq4n59")).toBe("91440101MA5CJQ4N59");
  });

  it.each(["I", "O", "S", "V", "Z", "i", "o", "s", "v", "z", "-", " ", "中"])("the character %j inside a code is FORBIDDEN_CHARACTER", (ch) => {
    // Replace position 12 of a valid code; the length stays 18.
    const code = `91440300192${ch}038216`;
    expect(code).toHaveLength(18);
    const r = validateUscc(code);
    expect(r.valid).toBe(false);
    if (!r.valid) {
      expect(r.problem).toBe("FORBIDDEN_CHARACTER");
      expect(r.message).toContain("character 12");
    }
  });

  it.each(["", "9144030019220382", "91440300192203821", "9144030019220382160", "914403001922038216 9"])("length %j is LENGTH", (code) => {
    expect(verdict(code)).toBe("LENGTH");
  });

  it.each(["014403001922038216", "B14403001922038216", "X14403001922038216"])("%s: registration department not in 1–9, A, N, Y", (code) => {
    expect(verdict(code)).toBe("REGISTRATION_DEPARTMENT");
    expect(verdict(code, "lenient")).toBe("REGISTRATION_DEPARTMENT");
  });

  it.each(["A", "N", "Y", "1", "5"])("department %s is allowed", (d) => {
    const body = `${d}1440300192203821`;
    expect(verdict(body + usccCheckCharacter(body))).toBe("valid");
  });

  it.each(["91A40300192203821", "9144030A192203821", "914403X0192203821"])("%s…: positions 3–8 must be digits (REGION_CODE)", (body) => {
    const code = body + usccCheckCharacter(body);
    expect(verdict(code)).toBe("REGION_CODE");
    expect(verdict(code, "lenient")).toBe("REGION_CODE");
  });

  it("a non-string is NOT_A_STRING", () => {
    for (const v of [914403001922038216, null, undefined, {}, ["914403001922038216"]]) expect(verdict(v)).toBe("NOT_A_STRING");
  });
});

describe("modes", () => {
  // Corrupt position 17 of 914403001922038216 (1 → 2) and recompute the 18th character:
  // Σ = 831 + (2 − 1) × 28 = 859; 859 mod 31 = 22; 31 − 22 = 9 → "914403001922038229".
  // Its GB 32100 check passes but the embedded GB 11714 check wants "1" at position 17.
  const body = "91440300192203822";
  const orgBroken = body + usccCheckCharacter(body);

  it("the constructed code is as computed by hand", () => {
    expect(orgBroken).toBe("914403001922038229");
  });

  it("standard mode accepts it: only the GB 32100 check character is checked", () => {
    expect(verdict(orgBroken)).toBe("valid");
    expect(verdict(orgBroken, "standard")).toBe("valid");
  });

  it("strict mode rejects it with ORGANISATION_CODE_CHECK", () => {
    const r = validateUscc(orgBroken, { mode: "strict" });
    expect(r.valid).toBe(false);
    if (!r.valid) {
      expect(r.problem).toBe("ORGANISATION_CODE_CHECK");
      expect(r.message).toContain('expected "1"');
    }
  });

  it("strict mode still reports a bad GB 32100 check first", () => {
    expect(verdict("914403001922038217", "strict")).toBe("CHECK_CHARACTER");
  });

  it("lenient mode accepts format-valid codes with bad checks", () => {
    for (const code of ["914403001922038217", "91350211M00013FA1N", "9133010057462616XH", orgBroken]) {
      expect(validateUscc(code, { mode: "lenient" })).toEqual({ valid: true, code, allowListed: false });
    }
  });

  it("lenient mode still checks length and characters", () => {
    expect(verdict("91440300192203821", "lenient")).toBe("LENGTH");
    expect(verdict("9144030019220382O6", "lenient")).toBe("FORBIDDEN_CHARACTER");
  });
});

describe("strict mode: the department–category pair of GB 32100 表2 (REFERENCE.md §6)", () => {
  // The table as REFERENCE.md §6 gives it, written out here independently of src/uscc.ts.
  const TABLE: Record<string, string> = { "1": "1239", "2": "19", "3": "123459", "4": "19", "5": "1239", "6": "129", "7": "129", "8": "19", "9": "123", A: "19", N: "1239", Y: "1" };
  // Positions 3–17 of 914403001922038216 (region 440300, organisation code 19220382 with its
  // GB 11714 check "1"), behind the pair, with the GB 32100 check character recomputed.
  const withPair = (pair: string): string => {
    const body = `${pair}440300192203821`;
    return body + usccCheckCharacter(body);
  };

  it.each([
    ["95", "9", "1, 2, 3"], // 工商 assigns 1 企业, 2 个体工商户, 3 农民专业合作社 only
    ["99", "9", "1, 2, 3"], // 9 is "other" elsewhere, not under 工商
    ["9X", "9", "1, 2, 3"], // a letter as category
    ["Y9", "Y", "1"], // 其他 has category 1 only
    ["22", "2", "1, 9"],
    ["A2", "A", "1, 9"],
    ["36", "3", "1, 2, 3, 4, 5, 9"],
  ])("%s… is DEPARTMENT_CATEGORY in strict mode, naming the pair; standard and lenient accept it", (pair, dept, allowed) => {
    const code = withPair(pair);
    const r = validateUscc(code, { mode: "strict" });
    expect(r.valid).toBe(false);
    if (!r.valid) {
      expect(r.problem).toBe("DEPARTMENT_CATEGORY");
      expect(r.message).toContain(`registration department "${dept}" with category "${pair[1]}"`);
      expect(r.message).toContain(`department ${dept} assigns categories ${allowed}`);
    }
    expect(() => assertUscc(code, { mode: "strict" })).toThrow(expect.objectContaining({ problem: "DEPARTMENT_CATEGORY" }));
    expect(verdict(code)).toBe("valid");
    expect(verdict(code, "lenient")).toBe("valid");
  });

  it("USCC_CATEGORIES is the table by department, as published (key order too); USCC_CATEGORY_NAMES names exactly its pairs", () => {
    expect(JSON.stringify(USCC_CATEGORIES)).toBe(JSON.stringify(TABLE));
    expect(Object.isFrozen(USCC_CATEGORIES)).toBe(true);
    const pairs = Object.entries(TABLE).flatMap(([dept, cats]) => [...cats].map((cat) => dept + cat));
    expect(pairs).toHaveLength(36);
    expect(Object.keys(USCC_CATEGORY_NAMES)).toEqual(pairs);
    expect(USCC_CATEGORY_NAMES["91"]).toEqual({ zh: "企业", en: "enterprise" });
    expect(USCC_CATEGORY_NAMES["N2"]).toEqual({ zh: "村级集体经济组织", en: "village-level collective economic organisation" });
  });

  it("every department with every charset character as category: strict accepts exactly the table's pairs", () => {
    for (const dept of Object.keys(TABLE)) {
      for (const cat of USCC_CHARSET) {
        expect(verdict(withPair(dept + cat), "strict"), dept + cat).toBe(TABLE[dept]!.includes(cat) ? "valid" : "DEPARTMENT_CATEGORY");
      }
    }
  });

  it("the valid fixtures' pairs (91 企业, 12 事业单位) pass", () => {
    for (const code of VALID) expect(verdict(code, "strict")).toBe("valid");
  });
});

describe("allow-list", () => {
  it("accepts a listed legacy code, whatever it breaks, and says it was allow-listed", () => {
    const allow = ["91350211M00013FA1N", "legacy-0001"];
    expect(validateUscc("91350211m00013fa1n", { allow })).toEqual({ valid: true, code: "91350211M00013FA1N", allowListed: true });
    expect(validateUscc("LEGACY-0001", { allow, mode: "strict" })).toEqual({ valid: true, code: "LEGACY-0001", allowListed: true });
    expect(assertUscc("91350211M00013FA1N", { allow: new Set(allow) })).toBe("91350211M00013FA1N");
  });

  it("does not accept codes that are not listed", () => {
    expect(verdict("914403001922038217")).toBe("CHECK_CHARACTER");
    expect(validateUscc("914403001922038217", { allow: ["91350211M00013FA1N"] }).valid).toBe(false);
  });
});

describe("assertUscc", () => {
  it("returns the normalised code", () => {
    expect(assertUscc("91110108551385082q")).toBe("91110108551385082Q");
  });

  it.each([
    ["914403001922038217", "CHECK_CHARACTER"],
    ["9144030019220382", "LENGTH"],
    ["914403001922038I16", "FORBIDDEN_CHARACTER"],
    ["014403001922038216", "REGISTRATION_DEPARTMENT"],
    [42, "NOT_A_STRING"],
  ] as const)("%j throws UsccError with problem %s", (code, problem) => {
    let caught: unknown;
    try {
      assertUscc(code);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(UsccError);
    expect(caught).toBeInstanceOf(CreditGradingError);
    const e = caught as UsccError;
    expect(e.name).toBe("UsccError");
    expect(e.code).toBe("USCC_INVALID");
    expect(e.problem).toBe(problem);
  });

  it("throws ORGANISATION_CODE_CHECK in strict mode only", () => {
    expect(assertUscc("914403001922038229")).toBe("914403001922038229");
    expect(() => assertUscc("914403001922038229", { mode: "strict" })).toThrow(expect.objectContaining({ problem: "ORGANISATION_CODE_CHECK" }));
  });
});

describe("properties", () => {
  const charsetChar = fc.constantFrom(...USCC_CHARSET);
  const body17 = fc
    .tuple(
      fc.constantFrom(..."123456789ANY"),
      charsetChar,
      fc.array(fc.constantFrom(..."0123456789"), { minLength: 6, maxLength: 6 }),
      fc.array(charsetChar, { minLength: 9, maxLength: 9 }),
    )
    .map(([d, c, region, rest]) => d + c + region.join("") + rest.join(""));

  it("a body from the charset with a valid department and region plus its check character is valid", () => {
    fc.assert(
      fc.property(body17, (body) => {
        const code = body + usccCheckCharacter(body);
        expect(validateUscc(code)).toEqual({ valid: true, code, allowListed: false });
      }),
      { numRuns: 500 },
    );
  });

  it("changing any single character to another charset character makes the code invalid", () => {
    fc.assert(
      fc.property(body17, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }), (body, pos, shift) => {
        const code = body + usccCheckCharacter(body);
        // Move the character at `pos` by `shift` places round the charset: always a different charset character.
        const replacement = USCC_CHARSET[(USCC_CHARSET.indexOf(code[pos]!) + shift) % 31]!;
        const changed = code.slice(0, pos) + replacement + code.slice(pos + 1);
        expect(changed).not.toBe(code);
        expect(validateUscc(changed).valid).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});
