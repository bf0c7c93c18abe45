import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type RoundingMode } from "../src/index.js";
import { fitsScale, fromUnits, roundTo, toUnits } from "../src/base/rounding.js";

const MODES: readonly RoundingMode[] = ["half-up", "half-even", "down", "up"];
const p = (scale: number, mode: RoundingMode) => ({ scale, mode });

describe("float noise", () => {
  it("0.1*3 + 0.2*7 is 170 hundredths, 1.7 exactly", () => {
    // 0.1*3 + 0.2*7 = 0.3 + 1.4 = 1.7 in decimal; the float sum is 1.7000000000000002.
    expect(0.1 * 3 + 0.2 * 7).not.toBe(1.7);
    expect(toUnits(0.1 * 3 + 0.2 * 7, p(2, "half-up"))).toBe(170);
    expect(roundTo(0.1 * 3 + 0.2 * 7, p(2, "half-up"))).toBe(1.7);
  });

  it("1.005 at scale 2 half-up is 1.01 (the float is 1.00499999…)", () => {
    // Decimal 1.005 is a tie at hundredths; half-up takes it away from zero: 1.01.
    expect(toUnits(1.005, p(2, "half-up"))).toBe(101);
    expect(roundTo(1.005, p(2, "half-up"))).toBe(1.01);
  });

  it("2.675 at scale 2 half-up is 2.68", () => {
    // Tie between 2.67 and 2.68; half-up → 2.68.
    expect(roundTo(2.675, p(2, "half-up"))).toBe(2.68);
  });

  it("half-even goes to the even neighbour on a tie: 2.665 → 2.66, 2.675 → 2.68", () => {
    // 2.665: neighbours 266 / 267 hundredths, 266 is even. 2.675: 267 / 268, 268 is even.
    expect(roundTo(2.665, p(2, "half-even"))).toBe(2.66);
    expect(roundTo(2.675, p(2, "half-even"))).toBe(2.68);
    expect(toUnits(2.665, p(2, "half-even"))).toBe(266);
  });

  it("up does not bump a value that is a decimal on the scale but noisy as a float", () => {
    // 0.1*3 = 0.30000000000000004; as a decimal it is 0.3, already on tenths, so up leaves it.
    expect(roundTo(0.1 * 3, p(1, "up"))).toBe(0.3);
    expect(roundTo(0.1 * 3, p(2, "up"))).toBe(0.3);
  });

  it("down does not drop a value that is a decimal on the scale but noisy as a float", () => {
    // 0.7 + 0.1 = 0.7999999999999999 as a float; as a decimal it is 0.8.
    expect(roundTo(0.7 + 0.1, p(1, "down"))).toBe(0.8);
    expect(toUnits(0.7 + 0.1, p(2, "down"))).toBe(80);
  });
});

describe("each mode at scale 1", () => {
  // value, then the expected result for half-up, half-even, down, up.
  const table: [number, number, number, number, number][] = [
    [1.25, 1.3, 1.2, 1.2, 1.3], // tie, 2 even → half-even keeps 1.2
    [1.35, 1.4, 1.4, 1.3, 1.4], // tie, 4 even → half-even goes up
    [1.21, 1.2, 1.2, 1.2, 1.3], // below the tie
    [1.29, 1.3, 1.3, 1.2, 1.3], // above the tie
    [1.2, 1.2, 1.2, 1.2, 1.2], // already on the scale: no mode moves it
    [-1.25, -1.3, -1.2, -1.2, -1.3], // half-up away from zero, down toward zero, up away from zero
    [-1.35, -1.4, -1.4, -1.3, -1.4],
    [-1.21, -1.2, -1.2, -1.2, -1.3],
    [-1.29, -1.3, -1.3, -1.2, -1.3],
  ];
  it.each(table)("%d → half-up %d, half-even %d, down %d, up %d", (v, hu, he, dn, up) => {
    expect(roundTo(v, p(1, "half-up"))).toBe(hu);
    expect(roundTo(v, p(1, "half-even"))).toBe(he);
    expect(roundTo(v, p(1, "down"))).toBe(dn);
    expect(roundTo(v, p(1, "up"))).toBe(up);
  });

  it("toUnits gives the integer tenths of the same table", () => {
    expect(toUnits(1.25, p(1, "half-up"))).toBe(13);
    expect(toUnits(1.25, p(1, "half-even"))).toBe(12);
    expect(toUnits(-1.25, p(1, "half-up"))).toBe(-13);
    expect(toUnits(-1.25, p(1, "half-even"))).toBe(-12);
    expect(toUnits(-1.29, p(1, "down"))).toBe(-12);
    expect(toUnits(-1.21, p(1, "up"))).toBe(-13);
  });

  it("a negative value that rounds to zero gives +0, not -0", () => {
    for (const mode of ["half-up", "half-even", "down"] as const) {
      expect(Object.is(toUnits(-0.01, p(1, mode)), 0)).toBe(true);
      expect(Object.is(roundTo(-0.01, p(1, mode)), 0)).toBe(true);
    }
  });
});

describe("scale 0 and scale 6", () => {
  it("scale 0 rounds to whole numbers", () => {
    expect(roundTo(2.5, p(0, "half-up"))).toBe(3);
    expect(roundTo(2.5, p(0, "half-even"))).toBe(2); // 2 is even
    expect(roundTo(3.5, p(0, "half-even"))).toBe(4); // 4 is even
    expect(roundTo(2.9, p(0, "down"))).toBe(2);
    expect(roundTo(2.1, p(0, "up"))).toBe(3);
    expect(roundTo(-2.5, p(0, "half-up"))).toBe(-3);
    expect(roundTo(7, p(0, "up"))).toBe(7);
    expect(toUnits(2.49, p(0, "half-up"))).toBe(2);
  });

  it("scale 6 keeps millionths", () => {
    // 1.2345675: tie at the 6th place; half-up → 1.234568, half-even (7 odd) → 1.234568.
    expect(roundTo(1.2345675, p(6, "half-up"))).toBe(1.234568);
    expect(roundTo(1.2345675, p(6, "half-even"))).toBe(1.234568);
    // 1.2345665: tie, 6 even → half-even 1.234566, half-up 1.234567.
    expect(roundTo(1.2345665, p(6, "half-even"))).toBe(1.234566);
    expect(roundTo(1.2345665, p(6, "half-up"))).toBe(1.234567);
    expect(roundTo(0.0000019, p(6, "down"))).toBe(0.000001);
    expect(roundTo(0.0000011, p(6, "up"))).toBe(0.000002);
    expect(toUnits(1.5, p(6, "half-up"))).toBe(1_500_000);
  });
});

describe("fromUnits", () => {
  it("divides by the power of ten", () => {
    expect(fromUnits(170, 2)).toBe(1.7);
    expect(fromUnits(-5, 1)).toBe(-0.5);
    expect(fromUnits(123, 0)).toBe(123);
    expect(fromUnits(1, 6)).toBe(0.000001);
    expect(fromUnits(8999, 2)).toBe(89.99);
  });

  it("round-trips with toUnits for values already on the scale", () => {
    for (const v of [0, 1.7, 89.99, -12.34, 100]) expect(fromUnits(toUnits(v, p(2, "down")), 2)).toBe(v);
  });
});

describe("fitsScale", () => {
  it("is true when the value has at most `scale` decimals", () => {
    expect(fitsScale(89.5, 1)).toBe(true);
    expect(fitsScale(100, 0)).toBe(true);
    expect(fitsScale(0.000001, 6)).toBe(true);
    expect(fitsScale(-3.25, 2)).toBe(true);
    // Float noise does not count as extra decimals: 0.1*3 is 0.3, 0.1*3 + 0.2*7 is 1.7.
    expect(fitsScale(0.1 * 3, 1)).toBe(true);
    expect(fitsScale(0.1 * 3 + 0.2 * 7, 2)).toBe(true);
  });

  it("is false when the value has more decimals", () => {
    expect(fitsScale(89.55, 1)).toBe(false);
    expect(fitsScale(0.5, 0)).toBe(false);
    expect(fitsScale(0.0000001, 6)).toBe(false);
    expect(fitsScale(1.005, 2)).toBe(false);
  });
});

// ---------------------------------------------------------------- properties

/** Exact decimal rounding of n / 10^k to `scale` places, in integer units (BigInt, no floats). */
function referenceUnits(n: number, k: number, scale: number, mode: RoundingMode): number {
  const neg = n < 0;
  const m = BigInt(Math.abs(n));
  if (k <= scale) return (neg ? -1 : 1) * Number(m * 10n ** BigInt(scale - k)) + 0;
  const d = 10n ** BigInt(k - scale);
  const q = m / d;
  const r = m % d;
  let out: bigint;
  switch (mode) {
    case "down":
      out = q;
      break;
    case "up":
      out = r > 0n ? q + 1n : q;
      break;
    case "half-up":
      out = 2n * r >= d ? q + 1n : q;
      break;
    case "half-even":
      out = 2n * r > d ? q + 1n : 2n * r < d ? q : q % 2n === 0n ? q : q + 1n;
      break;
  }
  return (neg ? -1 : 1) * Number(out) + 0;
}

const arbMode = fc.constantFrom(...MODES);
const arbScale = fc.integer({ min: 0, max: 6 });
// A decimal n / 10^k, held as the float nearest it.
const arbDecimal = fc
  .record({ n: fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), k: fc.integer({ min: 0, max: 8 }) })
  .map(({ n, k }) => ({ n, k, x: n / 10 ** k }));
const arbDouble = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });

describe("properties", () => {
  it("toUnits agrees with exact decimal rounding of decimals", () => {
    fc.assert(
      fc.property(arbDecimal, arbScale, arbMode, ({ n, k, x }, scale, mode) => {
        expect(toUnits(x, p(scale, mode))).toBe(referenceUnits(n, k, scale, mode));
      }),
      { numRuns: 1000 },
    );
  });

  it("roundTo is idempotent", () => {
    fc.assert(
      fc.property(fc.oneof(arbDouble, arbDecimal.map((d) => d.x)), arbScale, arbMode, (x, scale, mode) => {
        const once = roundTo(x, p(scale, mode));
        expect(roundTo(once, p(scale, mode))).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });

  it("the result has at most `scale` decimals", () => {
    fc.assert(
      fc.property(fc.oneof(arbDouble, arbDecimal.map((d) => d.x)), arbScale, arbMode, (x, scale, mode) => {
        expect(fitsScale(roundTo(x, p(scale, mode)), scale)).toBe(true);
        expect(Number.isInteger(toUnits(x, p(scale, mode)))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("|roundTo(x) - x| <= 10^-scale (half the step for the half modes)", () => {
    fc.assert(
      fc.property(arbDouble, arbScale, arbMode, (x, scale, mode) => {
        const step = 10 ** -scale;
        const bound = mode === "half-up" || mode === "half-even" ? step / 2 : step;
        // Slack of a few ulps of x for the float subtraction itself.
        const slack = Math.max(Math.abs(x), 1) * 256 * Number.EPSILON;
        expect(Math.abs(roundTo(x, p(scale, mode)) - x)).toBeLessThanOrEqual(bound + slack);
      }),
      { numRuns: 1000 },
    );
  });

  it("down never exceeds |x| in magnitude, and up never falls below it (decimals: exact)", () => {
    fc.assert(
      fc.property(arbDecimal, arbScale, ({ x }, scale) => {
        expect(Math.abs(roundTo(x, p(scale, "down")))).toBeLessThanOrEqual(Math.abs(x));
        expect(Math.abs(roundTo(x, p(scale, "up")))).toBeGreaterThanOrEqual(Math.abs(x));
      }),
      { numRuns: 1000 },
    );
  });

  it("down never exceeds |x| in magnitude (any double, up to the documented float-noise tolerance)", () => {
    fc.assert(
      fc.property(arbDouble, arbScale, (x, scale) => {
        // Values within 64 ulps (relative) of a step count as on it; allow exactly that.
        const tol = Math.max(Math.abs(x), 10 ** -scale) * 64 * Number.EPSILON * 2;
        expect(Math.abs(roundTo(x, p(scale, "down")))).toBeLessThanOrEqual(Math.abs(x) + tol);
      }),
      { numRuns: 1000 },
    );
  });
});

// The rounding rule as it was first written (before it became roundingStep over an arithmetic):
// an independent statement of the same rule, to hold the rewrite to it bit for bit.
const EPS = 64 * Number.EPSILON;
function reference(value: number, factor: number, mode: RoundingMode): number {
  const v = value * factor;
  const sign = v < 0 ? -1 : 1;
  const a = Math.abs(v);
  const tol = Math.max(a, 1) * EPS;
  const nearest = Math.round(a);
  if (Math.abs(a - nearest) <= tol) return sign * nearest + 0;
  const fl = Math.floor(a);
  const frac = a - fl;
  const r = mode === "down" ? fl : mode === "up" ? fl + 1 : mode === "half-up" ? (frac >= 0.5 - tol ? fl + 1 : fl) : Math.abs(frac - 0.5) <= tol ? (fl % 2 === 0 ? fl : fl + 1) : frac > 0.5 ? fl + 1 : fl;
  return sign * r + 0;
}

describe("the rounding rule over numbers", () => {
  it("is the rule as first written, bit for bit, for every mode and scale", () => {
    const modes: RoundingMode[] = ["half-up", "half-even", "down", "up"];
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: true, min: -1e9, max: 1e9 }), fc.integer({ min: -100000, max: 100000 }).map((n) => n / 1000)), fc.integer({ min: 0, max: 6 }), fc.constantFrom(...modes), (x, scale, mode) => {
        expect(Object.is(toUnits(x, { scale, mode }), reference(x, 10 ** scale, mode))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});
