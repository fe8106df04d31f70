/**
 * What a motion is about (DOMAIN.md §2): why it is a major matter 重大事项, whether it is reserved to
 * the residents' meeting, and money (budgets are kept in integer fen 分 so that sums never drift).
 */
import { allowed, refuse, type Verdict } from '../errors';
import type { ResolutionBody } from './meetings';

/** §2 items 1–8, in order. */
export const MAJOR_REASONS = [
  'development_plan', // 1 发展规划、年度工作计划
  'fund_raising', // 2 向居民筹资筹劳 (Art. 16)
  'spending_above_threshold', // 3 超过限额的资金支出
  'public_project', // 4 公益性建设和服务项目及其发包
  'committee_property', // 5 居委会财产的购置、处置、出租、出借、抵押
  'residents_convention', // 6 居民公约、自治章程
  'relief_plan', // 7 社区救助补贴分配方案
  'designated_matter', // 8 目录标明须"四议两公开"的事项或居民会议指定的事项
] as const;
export type MajorReason = (typeof MAJOR_REASONS)[number];

/** Catalogue categories (§5.1). */
export const MOTION_CATEGORIES = [
  'property_services', // 物业管理服务
  'environment', // 环境卫生
  'facilities', // 公共设施与亮化绿化
  'funds_and_projects', // 公益资金与项目
  'assistance', // 救助与服务
  'housing', // 住房与征收安置
  'other',
] as const;
export type MotionCategory = (typeof MOTION_CATEGORIES)[number];

export const MOTION_SCOPES = ['community', 'groups', 'buildings'] as const;
export type MotionScope = (typeof MOTION_SCOPES)[number];

export interface MatterFacts {
  majorReasons: readonly MajorReason[];
  /** A residents'-meeting resolution delegating Art. 16 fund-raising to the representatives, if on record. */
  fundRaisingDelegationRef?: string;
  /** Recall or by-election of committee members (Art. 10). */
  recallOrByElection?: boolean;
}

export type ReservedMatter = 'recall_or_by_election' | 'residents_convention' | 'fund_raising';

/**
 * Matters reserved to the residents' meeting, never to representatives (§2): recall/by-election,
 * the residents' convention, and Art. 16 fund-raising unless a delegation resolution is on record.
 */
export function reservedMatter(m: MatterFacts): ReservedMatter | null {
  if (m.recallOrByElection) return 'recall_or_by_election';
  if (m.majorReasons.includes('residents_convention')) return 'residents_convention';
  if (m.majorReasons.includes('fund_raising') && !m.fundRaisingDelegationRef?.trim()) return 'fund_raising';
  return null;
}

/** The body that resolves the motion: reserved matters force the residents' meeting. */
export function resolutionBodyFor(
  m: MatterFacts,
  preferred: ResolutionBody = 'representatives_meeting',
): ResolutionBody {
  return reservedMatter(m) ? 'residents_meeting' : preferred;
}

/** Edge #23: a reserved matter sent to the representatives' meeting is refused. */
export function checkResolutionBody(m: MatterFacts, body: ResolutionBody): Verdict {
  const reserved = reservedMatter(m);
  if (reserved && body !== 'residents_meeting') {
    return refuse('motion.errors.reservedToResidentsMeeting', { matter: reserved });
  }
  return allowed;
}

/** CNY with at most two decimals → integer fen. Throws on anything else. */
export function yuanToFen(yuan: number): number {
  const fen = Math.round(yuan * 100);
  if (!Number.isFinite(yuan) || Math.abs(fen - yuan * 100) > 1e-6 || !Number.isSafeInteger(fen)) {
    throw new RangeError(`not a CNY amount: ${yuan}`);
  }
  return fen;
}

export function hasAtMostTwoDecimals(yuan: number): boolean {
  return Number.isFinite(yuan) && Math.abs(Math.round(yuan * 100) - yuan * 100) <= 1e-6;
}

/** §2 item 3: spending above the community's threshold (per item or purpose per year) is major. */
export function isMajorSpending(fen: number, thresholdYuan: number): boolean {
  return fen > thresholdYuan * 100;
}

/**
 * §3.5 / edge #14: spending beyond the approved budget by more than `percent` % pauses implementation.
 * Integer comparison: 100 × spent > (100 + percent) × approved.
 */
export function isBudgetOverrun(approvedFen: number, spentFen: number, percent: number): boolean {
  return 100 * spentFen > (100 + percent) * approvedFen;
}
