/**
 * The words of the consultation catalogue 协商事项目录 (DOMAIN.md §5.1): categories, scopes,
 * consulting-party types 协商主体 and forms 协商形式. Ids are stable English identifiers; the
 * zh-CN labels (and the aliases used by spreadsheet imports) live here once, the display texts
 * for both languages in `messages.ts`.
 */

/** 类别 — the seven categories (Panjin's six, seed 003, plus 其他). */
export const CATEGORIES = [
  'property_services', // 物业管理服务
  'environment', // 环境卫生
  'facilities', // 公共设施与亮化绿化
  'funds_projects', // 公益资金与项目
  'assistance', // 救助与服务 (plan level only; individual eligibility is a government decision)
  'housing_resettlement', // 住房与征收安置 (implementation matters)
  'other', // 其他
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS_ZH: Record<Category, string> = {
  property_services: '物业管理服务',
  environment: '环境卫生',
  facilities: '公共设施与亮化绿化',
  funds_projects: '公益资金与项目',
  assistance: '救助与服务',
  housing_resettlement: '住房与征收安置',
  other: '其他',
};

/** Code prefix suggested for new items of each category (`ENV-03`); codes are not forced to use it. */
export const CATEGORY_CODE_PREFIX: Record<Category, string> = {
  property_services: 'PRO',
  environment: 'ENV',
  facilities: 'FAC',
  funds_projects: 'FUN',
  assistance: 'AST',
  housing_resettlement: 'HOU',
  other: 'OTH',
};

/** 范围 — whom a matter concerns. A cross-community matter is organized by the street office. */
export const SCOPES = [
  'community', // 全社区
  'groups', // 居民小组
  'building', // 楼栋/楼院
  'cross_community', // 跨社区 (organizer must be street_office_admin)
] as const;
export type Scope = (typeof SCOPES)[number];

export const SCOPE_LABELS_ZH: Record<Scope, string> = {
  community: '全社区',
  groups: '居民小组',
  building: '楼栋',
  cross_community: '跨社区',
};

/**
 * 协商主体 — types of consulting party (seed 003; ministry 2016 notice). Experts advise but are
 * never a party (一事一议一主体), so there is deliberately no `experts` here.
 */
export const PARTY_TYPES = [
  'representatives', // 居民代表
  'affected_residents', // 利益相关居民（含户籍和非户籍、流动人口）
  'residents_groups', // 居民小组
  'resident_units', // 驻社区单位
  'social_organizations', // 社会组织
  'owners_committee', // 业主委员会
  'property_company', // 物业服务企业
  'deputies', // 党代表、人大代表、政协委员
  'social_workers', // 社会工作者
] as const;
export type PartyType = (typeof PARTY_TYPES)[number];

export const PARTY_LABELS_ZH: Record<PartyType, string> = {
  representatives: '居民代表',
  affected_residents: '利益相关居民',
  residents_groups: '居民小组',
  resident_units: '驻社区单位',
  social_organizations: '社会组织',
  owners_committee: '业主委员会',
  property_company: '物业服务企业',
  deputies: '党代表、人大代表、政协委员',
  social_workers: '社会工作者',
};

/** 协商形式 (seeds 001, 002). */
export const FORMS = [
  'residents_meeting', // 居民会议
  'representatives_meeting', // 居民代表会议
  'consultation_meeting', // 议事协商会
  'hearing', // 民主听证会
  'dialogue', // 民情恳谈会 / 居民议事日
  'review_meeting', // 评议会
  'online', // 网上议事（论坛、群）
  'building_consultation', // 楼院协商
  'owners_consultation', // 业主协商
] as const;
export type Form = (typeof FORMS)[number];

export const FORM_LABELS_ZH: Record<Form, string> = {
  residents_meeting: '居民会议',
  representatives_meeting: '居民代表会议',
  consultation_meeting: '议事协商会',
  hearing: '民主听证会',
  dialogue: '民情恳谈会',
  review_meeting: '评议会',
  online: '网上议事',
  building_consultation: '楼院协商',
  owners_consultation: '业主协商',
};

/**
 * Extra spellings a committee's spreadsheet may use (besides the id and the zh-CN label).
 * Keys are compared after `normalizeLabel`.
 */
export const CATEGORY_ALIASES: Record<string, Category> = {
  物业管理: 'property_services',
  物业服务: 'property_services',
  环境卫生整治: 'environment',
  环境: 'environment',
  公共设施: 'facilities',
  亮化绿化: 'facilities',
  亮化绿化工程: 'facilities',
  公益资金: 'funds_projects',
  公益项目: 'funds_projects',
  社会救助: 'assistance',
  社会救助救济: 'assistance',
  救助: 'assistance',
  住房: 'housing_resettlement',
  征收安置: 'housing_resettlement',
  征地拆迁安置: 'housing_resettlement',
  其它: 'other',
};

export const SCOPE_ALIASES: Record<string, Scope> = {
  社区: 'community',
  本社区: 'community',
  小组: 'groups',
  居民小组: 'groups',
  楼院: 'building',
  楼栋楼院: 'building',
  单元: 'building',
  跨社区: 'cross_community',
};

export const PARTY_ALIASES: Record<string, PartyType> = {
  代表: 'representatives',
  利益相关方: 'affected_residents',
  相关居民: 'affected_residents',
  居民: 'affected_residents',
  流动人口: 'affected_residents',
  小组: 'residents_groups',
  驻区单位: 'resident_units',
  辖区单位: 'resident_units',
  业委会: 'owners_committee',
  物业: 'property_company',
  物业公司: 'property_company',
  党代表: 'deputies',
  人大代表: 'deputies',
  政协委员: 'deputies',
  两代表一委员: 'deputies',
  社工: 'social_workers',
};

/** Spellings that name experts: refused as a party with a specific reason. */
export const EXPERT_WORDS = ['专家', '专家学者', '律师', 'experts', 'expert'] as const;

export const FORM_ALIASES: Record<string, Form> = {
  议事会: 'consultation_meeting',
  协商议事会: 'consultation_meeting',
  听证会: 'hearing',
  恳谈会: 'dialogue',
  居民议事日: 'dialogue',
  民主评议会: 'review_meeting',
  网络议事: 'online',
  线上议事: 'online',
  议事群: 'online',
  楼栋协商: 'building_consultation',
  小区协商: 'building_consultation',
  业主大会: 'owners_consultation',
};

/** Full-width to half-width, no spaces, lower case: how labels and headers are compared. */
export function normalizeLabel(value: string): string {
  return value.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

function lookup<T extends string>(
  value: string,
  ids: readonly T[],
  labels: Record<T, string>,
  aliases: Record<string, T>,
): T | undefined {
  const v = normalizeLabel(value);
  if (v === '') return undefined;
  const byId = ids.find((id) => id === v);
  if (byId) return byId;
  const byLabel = ids.find((id) => normalizeLabel(labels[id]) === v);
  if (byLabel) return byLabel;
  const alias = Object.keys(aliases).find((a) => normalizeLabel(a) === v);
  return alias === undefined ? undefined : aliases[alias];
}

/** A category from its id, zh-CN label or a known alias; `undefined` if unknown. */
export const categoryFrom = (value: string) =>
  lookup(value, CATEGORIES, CATEGORY_LABELS_ZH, CATEGORY_ALIASES);
export const scopeFrom = (value: string) => lookup(value, SCOPES, SCOPE_LABELS_ZH, SCOPE_ALIASES);
export const partyTypeFrom = (value: string) => lookup(value, PARTY_TYPES, PARTY_LABELS_ZH, PARTY_ALIASES);
export const formFrom = (value: string) => lookup(value, FORMS, FORM_LABELS_ZH, FORM_ALIASES);

export function isExpertWord(value: string): boolean {
  const v = normalizeLabel(value);
  return EXPERT_WORDS.some((w) => normalizeLabel(w) === v);
}
