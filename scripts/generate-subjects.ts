/**
 * Deterministic example subjects (市场主体) for the shipped rulesets `hlj-public-composite`
 * and `hlj-property-services`. Pure: a seeded mulberry32 stream, no `Math.random`, no clock,
 * so the same `(count, seed)` always gives the same subjects.
 *
 * Run as a script it writes `examples/data/subjects.ndjson` (3000 subjects, seed 20221):
 *
 *     npx tsx scripts/generate-subjects.ts
 *
 * What the data holds:
 * - ids are valid 统一社会信用代码 (GB 32100 check character and the embedded GB 11714
 *   check), mostly department 9 (市场监管) with category 1 企业, 2 个体工商户 or
 *   3 农民专业合作社, from Heilongjiang region codes (Hegang most of all);
 * - every input of the public composite ruleset 1.1.0, drawn from five hidden risk profiles
 *   so that every grade A–E occurs; a few values are left out (missing data, handled by each
 *   indicator's `onMissing`);
 * - dated credit records (信用记录) as of {@link DATA_AS_OF}: administrative penalties with
 *   severity and, some, `repairedAt`; list entries (严重失信主体名单, 经营异常名录); credit
 *   commitments (信用承诺) with due dates and whether they were honoured; court enforcement
 *   cases. The records that still count on {@link DATA_AS_OF} are drawn from the same
 *   per-profile counts that 1.0.0's count inputs (`penaltiesMinor`, `inAbnormalOperationList`,
 *   `commitmentsHonoured`, …) were drawn from; on top come records that no longer count
 *   (repaired, removed from a list, past their publicity period) and a few dated after it.
 *   Those count inputs are no longer in `inputs`: the records are the one source, and the
 *   1.1.0 rulesets derive the counts (1.0.0 is not in effect on {@link DATA_AS_OF});
 * - about 15% are property-service enterprises (`industry: "property-services"`) that also
 *   carry the industry inputs and records (verified complaints, rectification orders,
 *   penalties with `sector: "物业管理"`, 诚信黑名单 entries); their `publicCompositeScore` is
 *   *not* generated, because the main job feeds it from the public composite evaluation (R3);
 * - about 1% are deliberately bad rows (negative count, wrong type, unknown category,
 *   fractional count, bad check character, missing id, impossible record date, undeclared
 *   record type) that a careful job must reject.
 * @module
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { addDays } from "../src/base/date.js";
import { organisationCodeCheck, usccCheckCharacter } from "../src/base/uscc.js";

/** The seed of the bundled example data. */
export const DEFAULT_SEED = 20221;
/** How many subjects the bundled example data holds. */
export const DEFAULT_COUNT = 3000;
/** The date the generated records are drawn around: the main job grades as of this day. */
export const DATA_AS_OF = "2025-12-31";
/** The industry tag carried by property-service subjects. */
export const PROPERTY_SERVICES = "property-services";

/** A generated example subject: the shape the rulesets read, plus an industry tag. */
export interface ExampleSubject {
  /** 统一社会信用代码 (absent only in a deliberately bad row). */
  id?: string;
  /** The subject's name. */
  name: string;
  /** `"property-services"` for 物业服务企业, which the industry ruleset also grades. */
  industry?: string;
  /** Input values by input id. */
  inputs: Record<string, unknown>;
  /** Dated credit records (penalties, list entries, commitments, enforcement cases, …). */
  records: ExampleRecord[];
}

/** A generated credit record: the standard fields and the declared fields of its type. */
export interface ExampleRecord {
  /** Unique for the subject. */
  id: string;
  /** A record type declared by the 1.1.0 rulesets. */
  type: string;
  /** Decision, listing, signing or filing date. */
  date: string;
  /** Further fields. */
  [field: string]: unknown;
}

/** What is deliberately wrong with a bad row. */
export type Defect =
  | "NEGATIVE_COUNT"
  | "WRONG_TYPE"
  | "UNKNOWN_CATEGORY"
  | "FRACTIONAL_COUNT"
  | "BAD_CHECK_CHARACTER"
  | "MISSING_ID"
  | "OUT_OF_RANGE_INDUSTRY"
  | "BAD_RECORD_DATE"
  | "RECORD_WITHOUT_TYPE";

/** A generated row: the subject and, for a deliberately bad row, what is wrong with it. */
export interface GeneratedRow {
  /** The subject as written to the data file. */
  readonly subject: ExampleSubject;
  /** `null` for a good row. */
  readonly defect: Defect | null;
}

/**
 * mulberry32: a small, fast 32-bit seeded PRNG.
 * @param seed - Any integer.
 * @returns A function returning floats in [0, 1).
 * @example
 * const r = mulberry32(1); r(); //=> 0.6270739405881613
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class _Rand {
  constructor(private readonly next: () => number) {}
  float(): number {
    return this.next();
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  range(lo: number, hi: number, decimals: number): number {
    const f = 10 ** decimals;
    return Math.round((lo + this.next() * (hi - lo)) * f) / f;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [v, w] of items) {
      x -= w;
      if (x < 0) return v;
    }
    return items[items.length - 1]![0];
  }
  /** A small count: each of `n` trials succeeds with probability p. */
  count(n: number, p: number): number {
    let k = 0;
    for (let i = 0; i < n; i++) if (this.next() < p) k++;
    return k;
  }
}

// Hidden risk profiles, best first, with their shares of the population (author's choice,
// shaped like Zhejiang's published spread: most subjects good, a few per cent at the bottom).
type Profile = 0 | 1 | 2 | 3 | 4;
const PROFILES: readonly (readonly [Profile, number])[] = [
  [0, 0.16],
  [1, 0.45],
  [2, 0.2],
  [3, 0.12],
  [4, 0.07],
];

// GB/T 2260 codes in Heilongjiang; Hegang (2304xx) weighted most.
const REGIONS: readonly (readonly [string, string, number])[] = [
  ["230402", "鹤岗市向阳区", 8],
  ["230403", "鹤岗市工农区", 7],
  ["230404", "鹤岗市南山区", 6],
  ["230405", "鹤岗市兴安区", 4],
  ["230406", "鹤岗市东山区", 5],
  ["230407", "鹤岗市兴山区", 3],
  ["230421", "萝北县", 5],
  ["230422", "绥滨县", 4],
  ["230400", "鹤岗市", 6],
  ["230102", "哈尔滨市道里区", 3],
  ["230103", "哈尔滨市南岗区", 3],
  ["230202", "齐齐哈尔市龙沙区", 2],
  ["230302", "鸡西市鸡冠区", 1],
  ["230502", "双鸭山市尖山区", 2],
  ["230602", "大庆市萨尔图区", 2],
  ["230803", "佳木斯市向阳区", 2],
  ["231002", "牡丹江市东安区", 1],
  ["231202", "绥化市北林区", 1],
];

const BRANDS = ["鑫源", "龙江", "北疆", "金山", "宏达", "鹤城", "恒信", "瑞丰", "兴隆", "松花", "黑土", "三江", "华昌", "汇通", "正阳", "嘉禾", "盛世", "鸿运", "新泰", "宝泉", "凯旋", "安顺", "德润", "天成", "众和", "振兴", "博远", "长青"];
const TRADES = ["商贸", "建材", "物流", "餐饮管理", "科技", "煤炭", "农业发展", "机械制造", "食品", "医药", "建筑工程", "石墨新材料", "信息技术", "汽车服务", "旅游", "广告传媒"];
const SHOPS = ["便利店", "超市", "饭店", "五金店", "汽车修理部", "理发店", "药店", "烧烤店", "服装店", "粮油店"];
const COOPS = ["水稻种植", "大豆种植", "蔬菜种植", "肉牛养殖", "食用菌种植", "农机"];
const USCC_BODY = "0123456789ABCDEFGHJKLMNPQRTUWXY";

const BAD_KINDS: readonly Defect[] = [
  "NEGATIVE_COUNT",
  "WRONG_TYPE",
  "UNKNOWN_CATEGORY",
  "FRACTIONAL_COUNT",
  "BAD_CHECK_CHARACTER",
  "MISSING_ID",
  "BAD_RECORD_DATE",
  "RECORD_WITHOUT_TYPE",
];

/**
 * Generates example rows, each with the defect it carries (if any).
 * @param count - How many subjects.
 * @param seed - The PRNG seed.
 * @returns `count` rows, in order.
 * @example
 * generateSubjectRows(2, 1).map((r) => r.defect); //=> [null, null]
 */
export function generateSubjectRows(count: number, seed: number): GeneratedRow[] {
  const rnd = new _Rand(mulberry32(seed));
  const ids = new Set<string>();
  const rows: GeneratedRow[] = [];
  for (let i = 0; i < count; i++) {
    const profile = rnd.weighted(PROFILES);
    const property = rnd.chance(0.15);
    const [dept, category] = property
      ? ["9", "1"]
      : rnd.weighted<readonly [string, string]>([
          [["9", "1"], 78],
          [["9", "2"], 14],
          [["9", "3"], 5],
          [["5", "1"], 1],
          [["5", "2"], 1],
          [["1", "2"], 1],
        ]);
    const [regionCode, regionName] = rnd.weighted(REGIONS.map(([c, n, w]) => [[c, n] as const, w] as const));
    let id: string;
    do id = _uscc(rnd, dept, category, regionCode);
    while (ids.has(id));
    ids.add(id);
    const name = _name(rnd, dept, category, regionName, property);
    const { inputs, records } = _publicData(rnd, profile);
    if (property) {
      const more = _propertyData(rnd, profile);
      Object.assign(inputs, more.inputs);
      records.push(...more.records);
    }
    records.forEach((r, k) => (r.id = `R${String(k + 1).padStart(3, "0")}`));
    const subject: ExampleSubject = { id, name, ...(property ? { industry: PROPERTY_SERVICES } : {}), inputs, records };
    let defect: Defect | null = null;
    if (rnd.chance(0.01)) {
      defect = property && rnd.chance(0.3) ? "OUT_OF_RANGE_INDUSTRY" : rnd.pick(BAD_KINDS);
      _spoil(rnd, subject, defect);
    }
    rows.push({ subject, defect });
  }
  return rows;
}

/**
 * Generates example subjects (good and deliberately bad) for both shipped rulesets.
 * @param count - How many subjects.
 * @param seed - The PRNG seed.
 * @returns The subjects, as written to the NDJSON file.
 * @example
 * generateSubjects(3000, 20221).length; //=> 3000
 */
export function generateSubjects(count: number, seed: number): ExampleSubject[] {
  return generateSubjectRows(count, seed).map((r) => r.subject);
}

/**
 * The NDJSON text of generated subjects: one JSON object a line, ending with a newline.
 * @param count - How many subjects.
 * @param seed - The PRNG seed.
 * @returns The file content.
 * @example
 * subjectsNdjson(1, 1).split("\n").length; //=> 2
 */
export function subjectsNdjson(count: number, seed: number): string {
  return generateSubjects(count, seed).map((s) => JSON.stringify(s)).join("\n") + "\n";
}

function _uscc(rnd: _Rand, dept: string, category: string, region: string): string {
  // Codes issued since 2015 mostly carry an "MA…" subject code; older ones a converted
  // 8-digit organisation code. Either way position 17 is the GB 11714 check.
  let body = "";
  if (dept === "9" && rnd.chance(0.7)) {
    body = "MA";
    for (let k = 0; k < 6; k++) body += rnd.pick([...USCC_BODY]);
  } else {
    for (let k = 0; k < 8; k++) body += String(rnd.int(0, 9));
  }
  const first17 = `${dept}${category}${region}${body}${organisationCodeCheck(body)}`;
  return first17 + usccCheckCharacter(first17);
}

function _name(rnd: _Rand, dept: string, category: string, region: string, property: boolean): string {
  const brand = rnd.pick(BRANDS);
  if (property) return `${region}${brand}物业服务有限公司`;
  if (dept === "9" && category === "2") return `${region}${brand}${rnd.pick(SHOPS)}`;
  if (dept === "9" && category === "3") return `${region}${brand}${rnd.pick(COOPS)}专业合作社`;
  if (dept === "5") return category === "1" ? `${region}${rnd.pick(TRADES)}协会` : `${region}${brand}职业培训学校`;
  if (dept === "1") return `${region}${brand}检验检测中心`;
  return `${region}${brand}${rnd.pick(TRADES)}${rnd.chance(0.7) ? "有限公司" : "有限责任公司"}`;
}

// Per profile (best → worst): probabilities and ranges, author's choice for a plausible spread.
const P = <T>(a: T, b: T, c: T, d: T, e: T): readonly [T, T, T, T, T] => [a, b, c, d, e];
const TAX = P<readonly (readonly [string, number])[]>(
  [["A", 70], ["B", 25], ["M", 5]],
  [["A", 25], ["B", 55], ["M", 15], ["N", 5]],
  [["B", 45], ["M", 20], ["C", 25], ["N", 10]],
  [["B", 15], ["C", 45], ["D", 25], ["N", 15]],
  [["C", 25], ["D", 65], ["N", 10]],
);

// A day `back` days before DATA_AS_OF (negative: after it).
const _day = (back: number): string => addDays(DATA_AS_OF, -back);
// Days back from DATA_AS_OF within which a record of each severity still counts (国办发〔2025〕22号:
// minor 3 months, general 1 year, serious 3 years), kept a little inside the period.
const COUNTING_DAYS = { minor: 88, general: 360, serious: 1090 } as const;
type Severity = keyof typeof COUNTING_DAYS;
const MAX_DAYS = { minor: 92, general: 366, serious: 1096 } as const;
const AUTHORITIES = ["鹤岗市市场监督管理局", "鹤岗市生态环境局", "鹤岗市应急管理局", "鹤岗市住房和城乡建设局", "鹤岗市税务局", "萝北县市场监督管理局"];
const KINDS = ["容缺受理", "告知承诺", "承诺即开工", "办照即经营", "承诺即换证", "行业自律", "信用修复", "主动承诺"];

function _penalty(rnd: _Rand, severity: Severity, date: string, extra: Record<string, unknown> = {}): ExampleRecord {
  const amount = severity === "minor" ? rnd.int(0, 20) * 100 : severity === "general" ? rnd.int(5, 200) * 1000 : rnd.int(100, 2000) * 1000;
  return { id: "", type: "penalty", date, severity, amount, authority: rnd.pick(AUTHORITIES), decisionNo: `鹤市监罚〔${date.slice(0, 4)}〕${rnd.int(1, 999)}号`, ...extra };
}

function _publicData(rnd: _Rand, p: Profile): { inputs: Record<string, unknown>; records: ExampleRecord[] } {
  const at = <T>(xs: readonly [T, T, T, T, T]): T => xs[p];
  const years = rnd.range(...at(P<[number, number]>([4, 30], [1, 25], [0.5, 15], [0.3, 10], [0.1, 8])), 1);
  const arrears = rnd.chance(at(P(0, 0.04, 0.2, 0.5, 0.8)))
    ? rnd.weighted<number>([[rnd.range(0.1, 9.9, 2), 5], [rnd.range(10, 99, 2), 3], [rnd.range(100, 900, 2), p >= 3 ? 3 : 0.2]])
    : 0;
  const inputs: Record<string, unknown> = {
    yearsInOperation: years,
    annualReportFiled: rnd.chance(at(P(0.995, 0.97, 0.85, 0.6, 0.3))),
    taxCreditLevel: rnd.weighted(at(TAX)),
    taxArrears: arrears,
    socialInsuranceArrearsMonths: rnd.chance(at(P(0, 0.03, 0.2, 0.45, 0.75))) ? rnd.int(1, at(P(1, 3, 6, 12, 24))) : 0,
    certifications: rnd.count(at(P(5, 3, 2, 1, 1)), at(P(0.5, 0.25, 0.15, 0.1, 0.05))),
    civilCasesLost: rnd.count(at(P(2, 3, 4, 6, 8)), at(P(0.02, 0.06, 0.2, 0.35, 0.5))),
    inspectionResult: rnd.weighted<string>(
      at(
        P<readonly (readonly [string, number])[]>(
          [["未发现问题", 40], ["未抽查", 60]],
          [["未发现问题", 25], ["未抽查", 65], ["发现问题已整改", 10]],
          [["未发现问题", 10], ["未抽查", 50], ["发现问题已整改", 30], ["发现问题未整改", 10]],
          [["未抽查", 30], ["发现问题已整改", 35], ["发现问题未整改", 35]],
          [["未抽查", 20], ["发现问题已整改", 20], ["发现问题未整改", 60]],
        ),
      ),
    ),
    govContractBreaches: rnd.count(at(P(1, 1, 2, 3, 3)), at(P(0, 0.02, 0.1, 0.25, 0.45))),
    honours: rnd.count(at(P(4, 3, 2, 1, 1)), at(P(0.45, 0.12, 0.05, 0.02, 0))),
    innovationStatus: rnd.weighted<string>(
      at(
        P<readonly (readonly [string, number])[]>(
          [["高新技术企业", 40], ["科技型中小企业", 30], ["无", 30]],
          [["高新技术企业", 5], ["科技型中小企业", 12], ["无", 83]],
          [["科技型中小企业", 5], ["无", 95]],
          [["无", 1]],
          [["无", 1]],
        ),
      ),
    ),
    charityOrVolunteer: rnd.chance(at(P(0.6, 0.2, 0.08, 0.03, 0))),
    verifiedComplaints: rnd.count(at(P(2, 4, 8, 10, 14)), at(P(0.05, 0.1, 0.2, 0.35, 0.5))),
  };
  const records: ExampleRecord[] = [];

  // Penalties that still count, as many as 1.0.0's count inputs held, dated inside their publicity period.
  const counting: Record<Severity, number> = {
    minor: rnd.count(at(P(1, 3, 4, 4, 4)), at(P(0.03, 0.1, 0.35, 0.45, 0.5))),
    general: rnd.count(at(P(1, 1, 2, 3, 4)), at(P(0, 0.04, 0.35, 0.55, 0.6))),
    serious: rnd.count(at(P(1, 1, 1, 2, 3)), at(P(0, 0, 0.03, 0.25, 0.55))),
  };
  for (const sev of ["minor", "general", "serious"] as const) {
    for (let k = 0; k < counting[sev]; k++) records.push(_penalty(rnd, sev, _day(rnd.int(0, COUNTING_DAYS[sev]))));
  }
  // History that no longer counts: penalties past their publicity period, and repaired ones.
  const history = rnd.count(2, at(P(0.05, 0.12, 0.3, 0.45, 0.5)));
  for (let k = 0; k < history; k++) {
    const sev = rnd.weighted<Severity>([["minor", 3], ["general", 5], ["serious", 2]]);
    if (rnd.chance(0.5)) records.push(_penalty(rnd, sev, _day(MAX_DAYS[sev] + rnd.int(1, 700))));
    else {
      // Repair may be applied for once the minimum period is over (90 days for general, a year for serious).
      const minDays = sev === "minor" ? 0 : sev === "general" ? 92 : 366;
      const back = rnd.int(minDays + 30, Math.min(COUNTING_DAYS[sev] + minDays, 1090));
      const date = _day(back);
      records.push(_penalty(rnd, sev, date, { repairedAt: addDays(date, rnd.int(minDays + 1, Math.max(minDays + 1, back - 1))) }));
    }
  }

  // Lists: on the list as 1.0.0's booleans were drawn, plus entries removed before DATA_AS_OF.
  if (rnd.chance(at(P(0, 0.01, 0.1, 0.35, 0.75)))) {
    records.push({ id: "", type: "list-entry", date: _day(rnd.int(10, 700)), list: "经营异常名录", authority: "鹤岗市市场监督管理局", cause: rnd.pick(["未按规定报送年度报告", "通过登记的住所无法联系", "公示信息隐瞒真实情况"]) });
  }
  if (rnd.chance(at(P(0, 0, 0, 0.05, 0.55)))) {
    records.push({ id: "", type: "list-entry", date: _day(rnd.int(10, 1000)), list: "严重失信主体名单", authority: rnd.pick(["黑龙江省鹤岗市中级人民法院", "鹤岗市市场监督管理局", "国家税务总局鹤岗市税务局"]), cause: rnd.pick(["失信被执行人", "严重违法失信", "重大税收违法失信主体"]) });
  }
  if (rnd.chance(at(P(0.01, 0.03, 0.08, 0.12, 0.1)))) {
    const date = _day(rnd.int(400, 1400));
    records.push({ id: "", type: "list-entry", date, list: "经营异常名录", authority: "鹤岗市市场监督管理局", cause: "未按规定报送年度报告", repairedAt: addDays(date, rnd.int(30, 360)) });
  }

  // Commitments (信用承诺): due in the last 3 years and checked; one breached when 1.0.0 drew "not honoured".
  const breached = rnd.chance(at(P(0, 0.02, 0.12, 0.35, 0.6)));
  const honoured = rnd.count(4, at(P(0.6, 0.4, 0.3, 0.25, 0.2)));
  const made = (ok: boolean | undefined, due: string): ExampleRecord => ({
    id: "", type: "commitment", date: addDays(due, -rnd.int(30, 180)), kind: rnd.pick(KINDS), dueDate: due, ...(ok === undefined ? {} : { honoured: ok }),
  });
  for (let k = 0; k < honoured; k++) records.push(made(true, _day(rnd.int(0, 1090))));
  if (breached) records.push(made(false, _day(rnd.int(0, 1090))));
  if (rnd.chance(0.15)) records.push(made(undefined, _day(-rnd.int(1, 200))));

  // Court enforcement: open cases as 1.0.0 drew them, and some closed ones.
  const open = rnd.count(at(P(1, 2, 3, 4, 6)), at(P(0, 0.03, 0.15, 0.35, 0.6)));
  const closed = rnd.count(2, at(P(0.02, 0.05, 0.15, 0.25, 0.3)));
  for (let k = 0; k < open + closed; k++) {
    const back = rnd.int(30, 1400);
    const date = _day(back);
    const caseNo = `(${date.slice(0, 4)})黑04${rnd.int(1, 99).toString().padStart(2, "0")}执${rnd.int(1, 2999)}号`;
    records.push({ id: "", type: "enforcement-case", date, caseNo, amount: rnd.int(1, 500) * 1000, ...(k >= open ? { closedAt: addDays(date, rnd.int(20, Math.min(back - 1, 400))) } : {}) });
  }

  // A few records arrive dated after DATA_AS_OF (an extract taken in the new year).
  if (rnd.chance(0.03)) records.push(_penalty(rnd, rnd.pick(["minor", "general"] as const), _day(-rnd.int(1, 40))));

  // Missing data, as it arrives from the platform: mostly optional items, very rarely the
  // registration data that makes a subject not gradable.
  const OPTIONAL = ["taxCreditLevel", "inspectionResult", "certifications", "honours", "charityOrVolunteer", "taxArrears", "verifiedComplaints"];
  for (const key of OPTIONAL) if (rnd.chance(0.03)) delete inputs[key];
  if (rnd.chance(0.015)) delete inputs["annualReportFiled"];
  if (rnd.chance(0.004)) delete inputs["yearsInOperation"];
  return { inputs, records: records.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)) };
}

function _propertyData(rnd: _Rand, p: Profile): { inputs: Record<string, unknown>; records: ExampleRecord[] } {
  // A property company's service quality follows its general profile, with its own noise.
  const q = Math.min(1, Math.max(0, [0.92, 0.78, 0.6, 0.42, 0.25][p]! + (rnd.float() - 0.5) * 0.35));
  const inputs: Record<string, unknown> = {
    certifiedManagerRatio: Math.round(Math.min(100, Math.max(0, q * 100 + (rnd.float() - 0.5) * 30)) * 10) / 10,
    ownerSatisfaction: Math.round(Math.min(100, Math.max(30, 50 + q * 48 + (rnd.float() - 0.5) * 16)) * 10) / 10,
    contractFiled: rnd.chance(0.55 + 0.45 * q),
    feesPublished: rnd.chance(0.5 + 0.5 * q),
    emergencyDrills: rnd.count(3, 0.15 + 0.6 * q),
    awardLevel: rnd.weighted<string>([["国家级", q > 0.85 ? 0.06 : 0], ["省级", q > 0.7 ? 0.15 : 0.01], ["市级", q > 0.5 ? 0.3 : 0.04], ["无", 0.55]]),
    demonstrationProjects: rnd.count(3, q > 0.6 ? q * 0.45 : 0.03),
  };
  const records: ExampleRecord[] = [];
  const project = `${rnd.pick(["鹤城", "松鹤", "南山", "新华", "龙江"])}${rnd.pick(["花园", "家园", "小区", "新城"])}`;
  // Bad information counts for 1 year (Yantai): recent ones count, a few older ones no longer do.
  const complaints = rnd.count(8, (1 - q) * 0.4);
  for (let k = 0; k < complaints; k++) records.push({ id: "", type: "property-complaint", date: _day(rnd.int(0, 360)), project });
  if (rnd.chance(0.2)) records.push({ id: "", type: "property-complaint", date: _day(rnd.int(370, 700)), project });
  const orders = rnd.count(3, (1 - q) * 0.3);
  for (let k = 0; k < orders; k++) {
    const date = _day(rnd.int(0, 360));
    records.push({ id: "", type: "rectification-order", date, project, deadline: addDays(date, 30) });
  }
  const penalties = rnd.count(3, Math.max(0, 0.5 - q) * 0.5);
  for (let k = 0; k < penalties; k++) records.push(_penalty(rnd, "general", _day(rnd.int(0, 360)), { sector: "物业管理", authority: "鹤岗市住房和城乡建设局" }));
  if (rnd.chance(q < 0.3 ? 0.2 : 0)) {
    records.push({ id: "", type: "list-entry", date: _day(rnd.int(10, 500)), list: "诚信黑名单", authority: "鹤岗市住房和城乡建设局", cause: "物业服务严重失信" });
  }
  for (const key of ["emergencyDrills", "awardLevel", "demonstrationProjects"]) if (rnd.chance(0.03)) delete inputs[key];
  if (rnd.chance(0.015)) delete inputs["ownerSatisfaction"];
  return { inputs, records: records.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)) };
}

function _spoil(rnd: _Rand, s: ExampleSubject, defect: Defect): void {
  switch (defect) {
    case "NEGATIVE_COUNT":
      s.inputs[rnd.pick(["civilCasesLost", "certifications", "verifiedComplaints"])] = -rnd.int(1, 3);
      break;
    case "WRONG_TYPE":
      if (rnd.chance(0.5)) s.inputs["taxArrears"] = String(rnd.range(1, 50, 1));
      else s.inputs["annualReportFiled"] = rnd.pick(["是", "yes", 1]);
      break;
    case "UNKNOWN_CATEGORY":
      s.inputs["taxCreditLevel"] = rnd.pick(["AA", "a", "优秀"]);
      break;
    case "FRACTIONAL_COUNT":
      s.inputs["govContractBreaches"] = rnd.int(1, 3) + 0.5;
      break;
    case "BAD_CHECK_CHARACTER": {
      const id = s.id!;
      const last = id[17]!;
      const other = USCC_BODY[(USCC_BODY.indexOf(last) + rnd.int(1, 30)) % 31]!;
      s.id = id.slice(0, 17) + other;
      break;
    }
    case "MISSING_ID":
      delete s.id;
      break;
    case "OUT_OF_RANGE_INDUSTRY":
      s.inputs["ownerSatisfaction"] = rnd.pick([120, 101.5, -5]);
      break;
    case "BAD_RECORD_DATE":
      s.records.push({ id: `R${String(s.records.length + 1).padStart(3, "0")}`, type: "penalty", date: rnd.pick(["2025-02-30", "2025/03/01", "20250401"]), severity: "general", amount: 5000 });
      break;
    case "RECORD_WITHOUT_TYPE":
      s.records.push({ id: `R${String(s.records.length + 1).padStart(3, "0")}`, type: "", date: _day(rnd.int(0, 300)) });
      break;
  }
}

const here = dirname(fileURLToPath(import.meta.url));
/** Where the bundled example data lives. */
export const SUBJECTS_FILE = join(here, "..", "examples", "data", "subjects.ndjson");

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(SUBJECTS_FILE, subjectsNdjson(DEFAULT_COUNT, DEFAULT_SEED));
  process.stdout.write(`wrote ${DEFAULT_COUNT} subjects (seed ${DEFAULT_SEED}) to examples/data/subjects.ndjson\n`);
}
