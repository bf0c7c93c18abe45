/**
 * The registration department and organisation category of a subject (characters 1–2 of its
 * unified social credit code, GB 32100-2015 表2): the grouping a report calls `industry` when the
 * host gives no industry of its own, since an evaluation carries no input data and the code is
 * the one thing every subject has.
 * @module
 */
import type { BilingualName } from "../base/grade.js";

/**
 * GB 32100-2015 表2: the name of each registration department + organisation category pair.
 * @category Reports
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
