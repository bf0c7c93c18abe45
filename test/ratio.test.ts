/**
 * Exact fractions of declared decimals (src/_ratio.ts), which the Hegang check compares: each
 * number is read as the decimal its author wrote, and shown in the reader's terms.
 */
import { describe, expect, it } from "vitest";
import { decimal, div, lessThan, mul, ratio, shown, sub } from "../src/base/ratio.js";

describe("decimal", () => {
  it("reads a number as the decimal it prints as, in lowest terms", () => {
    expect(decimal(24.99)).toEqual({ n: 2499n, d: 100n });
    expect(decimal(0.1)).toEqual({ n: 1n, d: 10n });
    expect(decimal(62.5)).toEqual({ n: 125n, d: 2n });
    expect(decimal(-0.5)).toEqual({ n: -1n, d: 2n });
    expect(decimal(1000)).toEqual({ n: 1000n, d: 1n });
    expect(ratio(3n, -6n)).toEqual({ n: -1n, d: 2n });
    expect(ratio(0n, 7n)).toEqual({ n: 0n, d: 1n });
    // Exponent forms, which String() uses for very small and very large numbers.
    expect(decimal(1e-7)).toEqual({ n: 1n, d: 10_000_000n });
    expect(decimal(1.5e21)).toEqual({ n: 1_500_000_000_000_000_000_000n, d: 1n });
  });

  it("refuses what is not a finite number", () => {
    expect(() => decimal(Number.NaN)).toThrow(RangeError);
    expect(() => decimal(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it("compares exactly where floating point does not: 4.1 / 12.3 is a third", () => {
    expect((4.1 / 12.3) * 3 < 1).toBe(true);
    const third = div(decimal(4.1), decimal(12.3));
    expect(third).toEqual(ratio(1n, 3n));
    expect(lessThan(mul(third, ratio(3n)), ratio(1n))).toBe(false);
    expect(lessThan(third, ratio(1n, 3n))).toBe(false);
    expect(lessThan(div(decimal(4.09), decimal(12.3)), ratio(1n, 3n))).toBe(true);
    // A scale of 0.3–1.2 is 0.9 wide, though 1.2 - 0.3 is 0.8999999999999999 in binary.
    expect(sub(decimal(1.2), decimal(0.3))).toEqual(ratio(9n, 10n));
  });
});

describe("shown", () => {
  it("prints a finite expansion exactly and marks it exact", () => {
    expect(shown(ratio(1n, 8n))).toEqual({ exact: true, text: "0.125" });
    expect(shown(ratio(2499n, 10n))).toEqual({ exact: true, text: "249.9" });
    expect(shown(ratio(-3n, 4n))).toEqual({ exact: true, text: "-0.75" });
    expect(shown(ratio(25n))).toEqual({ exact: true, text: "25" });
  });

  it("rounds an endless one to two places, more while it would read as the value it is held against", () => {
    expect(shown(ratio(100n, 3n))).toEqual({ exact: false, text: "33.33" });
    expect(shown(ratio(200n, 3n))).toEqual({ exact: false, text: "66.67" });
    expect(shown(ratio(100n, 3n), "33.33")).toEqual({ exact: false, text: "33.333" });
    expect(shown(ratio(1n, 3n), "0.33")).toEqual({ exact: false, text: "0.333" });
  });
});
