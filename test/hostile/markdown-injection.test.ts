/**
 * Ruleset text in Markdown (issue #14, item 12): rule books and diffs passed a ruleset's strings
 * into Markdown raw — `<script>`, `<img onerror>`, `javascript:` links, newlines that forge
 * headings or table rows. Every string of the ruleset is now escaped by one function
 * (`markdownText`, base/markdown.ts) before a rule book, a diff or a migration prints it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { markdownCode, markdownText } from "../../src/base/markdown.js";
import { diffRulesets, formatDiff, formatMigration, renderRulebook, type Ruleset, simulate } from "../../src/index.js";
import { labelsRuleset, recordsRuleset } from "../fixtures.js";

const HOSTILE = [
  "<script>alert(1)</script>",
  '<img src=x onerror="alert(1)">',
  "[click me](javascript:alert(1))",
  "![x](javascript:alert(1))",
  "[ref]: javascript:alert(1)",
  "ok\n# Forged heading",
  "ok\r\n| forged | row |",
  "a | b",
  "<javascript:alert(1)>",
];

function hostile(text: string): Ruleset {
  const r = recordsRuleset();
  r.name = { zh: text, en: text };
  r.rules![0]!.reason = { zh: text, en: text };
  r.rules![0]!.legalBasis = text;
  r.indicators[0]!.name = { zh: text, en: text };
  return r;
}

// Markdown that a renderer would turn into HTML, a link, or a line structure the library did not write.
function dangers(md: string, text: string): string[] {
  const found: string[] = [];
  if (/<(?:script|img|javascript)/i.test(md)) found.push("raw HTML or autolink");
  if (/(?<!\\)\]\((?:javascript|x)/.test(md) || /(?<!\\)\]:\s*javascript/.test(md)) found.push("link");
  if (/^# Forged/m.test(md)) found.push("forged heading");
  if (/^\| forged/m.test(md)) found.push("forged row");
  if (text === "a | b" && /(?<!\\)\| b/.test(md)) found.push("unescaped pipe");
  return found;
}

describe("rule books and diffs escape a ruleset's text", () => {
  for (const text of HOSTILE) {
    it(`the reproduction: ${JSON.stringify(text)}`, () => {
      const r = hostile(text);
      for (const locale of ["zh", "en"] as const) {
        const book = renderRulebook(r, { locale });
        expect(dangers(book, text), `rule book (${locale})`).toEqual([]);
        const diff = formatDiff(diffRulesets(recordsRuleset(), r), { locale });
        expect(diff).not.toBe(locale === "zh" ? "无变化。\n" : "No changes.\n");
        expect(dangers(diff, text), `diff (${locale})`).toEqual([]);
      }
    });
  }

  it("the rule book still hashes and checks the ruleset as given", () => {
    const book = renderRulebook(hostile("<b>x</b>"), { locale: "en" });
    expect(book).toContain("&lt;b&gt;x&lt;/b&gt;");
    expect(book).not.toContain("<b>");
  });
});

describe("markdownText", () => {
  it("escapes what could make HTML, a link, a line or a cell, and nothing else of ordinary text", () => {
    expect(markdownText("<img src=x onerror=alert(1)>\n# Forged")).toBe("&lt;img src=x onerror=alert(1)&gt; # Forged");
    expect(markdownText("[click](javascript:alert(1))")).toBe("[click\\](javascript:alert(1))");
    expect(markdownText("# title")).toBe("\\# title");
    expect(markdownText("1. item")).toBe("1\\. item");
    expect(markdownText("version 1.0.0, [70, 90), 严重失信")).toBe("version 1.0.0, [70, 90), 严重失信");
    expect(markdownCode("a`b|c")).toBe("`` a`b\\|c ``");
  });

  it("any text: one line, no tag, no link, no unescaped pipe", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("<", ">", "[", "]", "(", ")", ":", "|", "\\", "\n", "\r", "#", "a", " ", "&", "`", "\u2028") }), (s) => {
        const out = markdownText(s);
        expect(out).not.toMatch(/[\n\r\u2028<>]/);
        expect(out).not.toMatch(/(?<!\\)\][([:]/);
        // every pipe is escaped by an odd run of backslashes
        for (const m of out.matchAll(/(\\*)\|/g)) expect(m[1]!.length % 2).toBe(1);
      }),
      { numRuns: 500 },
    );
  });
});

describe("migrations escape a scheme's labels and the movers' reasons", () => {
  // A label is free text of the scheme (tax M, 黑名单 …): here a hostile one on the top band.
  function relabelled(text: string): Ruleset {
    const r = labelsRuleset();
    r.version = "1.1.0";
    for (const b of r.bands) if (b.label === "AA") b.label = text;
    for (const l of r.labels!) if (l.label === "AA") l.label = text;
    return r;
  }
  const population = [95, 85, 70, 50, 20].map((points, i) => ({ id: `91230100MA1B2C3D${i}X`, inputs: { points, newSubject: false, listed: false, fewDemerits: false, capped: false, floored: false, gone: false } }));

  for (const text of HOSTILE.filter((t) => !t.includes("\n") && !t.includes("\r"))) {
    it(`the matrix and the movers: ${JSON.stringify(text)}`, () => {
      const m = simulate(labelsRuleset(), relabelled(text), population, { asOf: "2025-12-31" });
      // The subject at 95 moves from AA to the hostile label: it is in the matrix and the movers.
      expect(m.movers.length).toBeGreaterThan(0);
      for (const locale of ["zh", "en"] as const) {
        const md = formatMigration(m, { locale });
        expect(md).toContain(markdownText(text));
        expect(dangers(md, text), `migration (${locale})`).toEqual([]);
      }
    });
  }
});
