/**
 * 统一社会信用代码 (unified social credit code, GB 32100-2015): the key of every subject.
 * Checks format, character set, the GB 32100 check character and, in strict mode, that the
 * registration department and category (positions 1–2) are a pair of GB 32100's table and
 * the GB 11714 organisation-code check embedded in positions 9–17.
 * @module
 */
import { CreditGradingError } from "./errors.js";
import type { BilingualName } from "./grade.js";

/**
 * The 31 characters a code may use (no I, O, S, V, Z), in value order.
 * @category Basics
 */
export const USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/**
 * Which rule a code breaks.
 * @category Basics
 */
export type UsccProblem =
  | "NOT_A_STRING"
  | "LENGTH"
  | "FORBIDDEN_CHARACTER"
  | "REGISTRATION_DEPARTMENT"
  | "DEPARTMENT_CATEGORY"
  | "REGION_CODE"
  | "CHECK_CHARACTER"
  | "ORGANISATION_CODE_CHECK";

/**
 * How strictly to check: `standard` checks the format (department 1–9, A, N or Y; any category
 * character) and the GB 32100 check character; `strict` adds the department–category pair of
 * GB 32100's table and the embedded GB 11714 check; `lenient` checks the format only.
 * @category Basics
 */
export type UsccMode = "strict" | "standard" | "lenient";

/**
 * Options of {@link validateUscc}.
 * @category Basics
 */
export interface UsccOptions {
  /** `standard` (default): format and GB 32100 check character; `strict`: also the department–category pair and GB 11714; `lenient`: format only. */
  readonly mode?: UsccMode;
  /** Legacy pilot codes accepted as they are, whatever they break (早期试点地区代码). */
  readonly allow?: Iterable<string>;
}

/**
 * The outcome of {@link validateUscc}.
 * @category Basics
 */
export type UsccResult =
  | { readonly valid: true; readonly code: string; readonly allowListed: boolean }
  | { readonly valid: false; readonly code: string; readonly problem: UsccProblem; readonly message: string };

/**
 * Error thrown by {@link assertUscc}: names the rule the code breaks.
 * @category Basics
 */
export class UsccError extends CreditGradingError {
  override name = "UsccError";
  /** Which rule the code breaks. */
  readonly problem: UsccProblem;

  /**
   * @param problem - The rule broken.
   * @param message - What is wrong.
   */
  constructor(problem: UsccProblem, message: string) {
    super("USCC_INVALID", message);
    this.problem = problem;
  }
}

const VALUE = new Map([...USCC_CHARSET].map((ch, i) => [ch, i]));

/**
 * GB 32100-2015 表2: each registration department (登记管理部门代码, position 1) and organisation
 * category (机构类别代码, position 2) pair with its name (REFERENCE.md §6), in the table's order.
 * 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会, 9 工商, A 中央军委改革和编制办公室,
 * N 农业, Y 其他. The one list of pairs: strict checking and the report's industry grouping read it.
 * @example
 * USCC_CATEGORY_NAMES["91"]; //=> { zh: "企业", en: "enterprise" }
 * @category Basics
 */
export const USCC_CATEGORY_NAMES: Readonly<Record<string, BilingualName>> = Object.freeze({
  "11": { zh: "机关", en: "government body" },
  "12": { zh: "事业单位", en: "public institution" },
  "13": { zh: "中央编办直接管理机构编制的群众团体", en: "mass organisation (central staffing office)" },
  "19": { zh: "其他（机构编制）", en: "other (staffing office)" },
  "21": { zh: "外国常驻新闻机构", en: "resident foreign news agency" },
  "29": { zh: "其他（外交）", en: "other (foreign affairs)" },
  "31": { zh: "律师执业机构", en: "law firm" },
  "32": { zh: "公证处", en: "notary office" },
  "33": { zh: "基层法律服务所", en: "grass-roots legal service office" },
  "34": { zh: "司法鉴定机构", en: "forensic appraisal institution" },
  "35": { zh: "仲裁委员会", en: "arbitration commission" },
  "39": { zh: "其他（司法行政）", en: "other (justice)" },
  "41": { zh: "外国在华文化中心", en: "foreign cultural centre" },
  "49": { zh: "其他（文化）", en: "other (culture)" },
  "51": { zh: "社会团体", en: "social organisation" },
  "52": { zh: "民办非企业单位", en: "private non-enterprise unit" },
  "53": { zh: "基金会", en: "foundation" },
  "59": { zh: "其他（民政）", en: "other (civil affairs)" },
  "61": { zh: "外国旅游部门常驻代表机构", en: "foreign tourism office" },
  "62": { zh: "港澳台地区旅游部门常驻内地（大陆）代表机构", en: "Hong Kong, Macao or Taiwan tourism office" },
  "69": { zh: "其他（旅游）", en: "other (tourism)" },
  "71": { zh: "宗教活动场所", en: "place of religious activity" },
  "72": { zh: "宗教院校", en: "religious school" },
  "79": { zh: "其他（宗教）", en: "other (religion)" },
  "81": { zh: "基层工会", en: "grass-roots trade union" },
  "89": { zh: "其他（工会）", en: "other (trade union)" },
  "91": { zh: "企业", en: "enterprise" },
  "92": { zh: "个体工商户", en: "individual business" },
  "93": { zh: "农民专业合作社", en: "farmers' cooperative" },
  A1: { zh: "军队事业单位", en: "military public institution" },
  A9: { zh: "其他（军队）", en: "other (military)" },
  N1: { zh: "组级集体经济组织", en: "group-level collective economic organisation" },
  N2: { zh: "村级集体经济组织", en: "village-level collective economic organisation" },
  N3: { zh: "乡镇级集体经济组织", en: "township-level collective economic organisation" },
  N9: { zh: "其他（农业）", en: "other (agriculture)" },
  Y1: { zh: "其他", en: "other" },
});

/**
 * GB 32100-2015 表2 by department: for each registration department code (position 1), the
 * category codes (position 2) it assigns, from {@link USCC_CATEGORY_NAMES}.
 * @example
 * USCC_CATEGORIES["9"]; //=> "123" (企业, 个体工商户, 农民专业合作社)
 * @category Basics
 */
export const USCC_CATEGORIES: Readonly<Record<string, string>> = Object.freeze(
  Object.keys(USCC_CATEGORY_NAMES).reduce<Record<string, string>>((byDepartment, pair) => {
    byDepartment[pair[0]!] = (byDepartment[pair[0]!] ?? "") + pair[1]!;
    return byDepartment;
  }, {}),
);
const DEPARTMENTS = Object.keys(USCC_CATEGORIES).join("");

/**
 * The GB 32100 check character of the first 17 characters of a code.
 * @param first17 - Seventeen characters from {@link USCC_CHARSET}.
 * @returns The 18th character.
 * @example
 * usccCheckCharacter("91440300192203821"); //=> "6"
 * @category Basics
 */
export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = VALUE.get(first17[i] ?? "");
    if (v === undefined) throw new UsccError("FORBIDDEN_CHARACTER", `character ${i + 1} of ${JSON.stringify(first17)} is not in the code's character set`);
    sum += v * WEIGHTS[i]!;
  }
  const c = (31 - (sum % 31)) % 31;
  return USCC_CHARSET[c]!;
}

/**
 * The GB 11714 check character of an 8-character organisation-code body (letters A=10 … Z=35).
 * @param body - Eight digits or capital letters (positions 9–16 of a USCC).
 * @returns The check character: a digit or `X`.
 * @example
 * organisationCodeCheck("19220382"); //=> "1"
 * @category Basics
 */
export function organisationCodeCheck(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = body.charCodeAt(i);
    const v = ch >= 48 && ch <= 57 ? ch - 48 : ch >= 65 && ch <= 90 ? ch - 55 : Number.NaN;
    sum += v * ORG_WEIGHTS[i]!;
  }
  const c = 11 - (sum % 11);
  return c === 10 ? "X" : c === 11 ? "0" : String(c);
}

// Each character's value in the code's character set, by char code (−1: not allowed).
const VALUE_OF_CODE = Int8Array.from({ length: 128 }, (_, ch) => USCC_CHARSET.indexOf(String.fromCharCode(ch)));

/**
 * The first rule of GB 32100 a normalised code breaks, in the order {@link validateUscc} checks
 * them, or `undefined` for a valid code: the rules written once, reading character codes only,
 * so that checking a valid code allocates nothing.
 * @param c - The code, trimmed and upper-cased.
 * @param mode - How strictly to check.
 * @returns The problem, or `undefined`.
 * @example
 * usccProblem("914403001922038217", "standard"); //=> "CHECK_CHARACTER"
 * @category Basics
 */
export function usccProblem(c: string, mode: UsccMode): Exclude<UsccProblem, "NOT_A_STRING"> | undefined {
  if (c.length !== 18) return "LENGTH";
  for (let i = 0; i < 18; i++) {
    const ch = c.charCodeAt(i);
    if (ch >= 128 || VALUE_OF_CODE[ch]! < 0) return "FORBIDDEN_CHARACTER";
  }
  const dept = c[0]!;
  if (!DEPARTMENTS.includes(dept)) return "REGISTRATION_DEPARTMENT";
  for (let i = 2; i < 8; i++) {
    const ch = c.charCodeAt(i);
    if (ch < 48 || ch > 57) return "REGION_CODE";
  }
  if (mode === "strict" && !USCC_CATEGORIES[dept]!.includes(c[1]!)) return "DEPARTMENT_CATEGORY";
  if (mode === "lenient") return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += VALUE_OF_CODE[c.charCodeAt(i)]! * WEIGHTS[i]!;
  if (VALUE_OF_CODE[c.charCodeAt(17)] !== (31 - (sum % 31)) % 31) return "CHECK_CHARACTER";
  if (mode === "strict") {
    let org = 0;
    for (let i = 8; i < 16; i++) {
      const ch = c.charCodeAt(i);
      org += (ch <= 57 ? ch - 48 : ch - 55) * ORG_WEIGHTS[i - 8]!;
    }
    const check = 11 - (org % 11);
    const expected = check === 10 ? 88 /* X */ : check === 11 ? 48 /* 0 */ : 48 + check;
    if (c.charCodeAt(16) !== expected) return "ORGANISATION_CODE_CHECK";
  }
  return undefined;
}

/**
 * Validates a unified social credit code and says which rule a bad one breaks.
 * Input is upper-cased and trimmed first.
 * @param code - The code to check.
 * @param options - Mode and allow-list.
 * @returns `{ valid: true, code }` or `{ valid: false, code, problem, message }`.
 * @example
 * validateUscc("914403001922038216").valid; //=> true
 * validateUscc("914403001922038217"); //=> { valid: false, problem: "CHECK_CHARACTER", … }
 * @category Basics
 */
export function validateUscc(code: unknown, options: UsccOptions = {}): UsccResult {
  if (typeof code !== "string") {
    return { valid: false, code: String(code), problem: "NOT_A_STRING", message: "a unified social credit code is a string of 18 characters" };
  }
  const c = code.trim().toUpperCase();
  if (options.allow) for (const a of options.allow) if (a.trim().toUpperCase() === c) return { valid: true, code: c, allowListed: true };
  const mode = options.mode ?? "standard";
  const problem = usccProblem(c, mode);
  if (problem === undefined) return { valid: true, code: c, allowListed: false };
  return { valid: false, code: c, problem, message: `${c}: ${problemMessage(c, problem)}` };
}

// What a problem found by usccProblem means, for this code.
function problemMessage(c: string, problem: Exclude<UsccProblem, "NOT_A_STRING">): string {
  switch (problem) {
    case "LENGTH":
      return `has ${c.length} characters, expected 18`;
    case "FORBIDDEN_CHARACTER": {
      let i = 0;
      while (VALUE.has(c[i]!)) i++;
      return `character ${i + 1} "${c[i]}" is not allowed (only digits and capitals other than I, O, S, V, Z)`;
    }
    case "REGISTRATION_DEPARTMENT":
      return `registration department "${c[0]}" is not one of ${DEPARTMENTS}`;
    case "REGION_CODE":
      return `positions 3–8 "${c.slice(2, 8)}" must be a 6-digit administrative division code`;
    case "DEPARTMENT_CATEGORY": {
      const categories = USCC_CATEGORIES[c[0]!]!;
      return `registration department "${c[0]}" with category "${c[1]}" is not a pair of GB 32100 表2: department ${c[0]} assigns categories ${[...categories].join(", ")}`;
    }
    case "CHECK_CHARACTER":
      return `check character is "${c[17]}", expected "${usccCheckCharacter(c.slice(0, 17))}"`;
    case "ORGANISATION_CODE_CHECK":
      return `embedded organisation code check (position 17) is "${c[16]}", expected "${organisationCodeCheck(c.slice(8, 16))}" (GB 11714)`;
  }
}

/**
 * Like {@link validateUscc}, but throws.
 * @param code - The code to check.
 * @param options - Mode and allow-list.
 * @returns The normalised code.
 * @throws UsccError naming the rule the code breaks.
 * @example
 * assertUscc("91110108551385082q"); //=> "91110108551385082Q"
 * @category Basics
 */
export function assertUscc(code: unknown, options: UsccOptions = {}): string {
  const r = validateUscc(code, options);
  if (!r.valid) throw new UsccError(r.problem, r.message);
  return r.code;
}
