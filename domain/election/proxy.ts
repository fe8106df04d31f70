/**
 * Proxy votes 委托投票 (DOMAIN.md §4.5). Direct mode only; written and approved by the election
 * committee; the holder is a registered voter of the same community and a close relative of the
 * giver; at most 3 proxies per holder; never used online.
 */
import { allowed, refuse, type Verdict } from '../errors';
import type { ElectionMode } from './plan';

export const MAX_PROXIES_PER_HOLDER = 3;

export type ProxyApplication = {
  mode: ElectionMode;
  giverId: string;
  holderId: string;
  /** Both on this community's register. */
  giverRegistered: boolean;
  holderRegistered: boolean;
  /** Holder is a close relative 近亲属 of the giver (as recorded by the election committee). */
  closeRelatives: boolean;
  /** Approved proxies the holder already holds. */
  holderProxyCount: number;
  /** Giver already has an approved proxy. */
  giverHasProxy: boolean;
  /** Holder has themselves given their vote to someone. */
  holderHasGivenProxy: boolean;
  /** The giver asked to vote online: proxies are never used online. */
  onlineVoting?: boolean;
};

/**
 * Approvable? Time (until E−3) is checked separately by `checkProxyApplicationTime`.
 * A candidate may hold proxies only from close relatives, which the close-relative rule already ensures.
 */
export function checkProxy(a: ProxyApplication): Verdict {
  if (a.mode !== 'direct') return refuse('election.errors.proxyDirectModeOnly');
  if (a.onlineVoting) return refuse('election.errors.proxyNeverOnline');
  if (a.giverId === a.holderId) return refuse('election.errors.proxySelf');
  if (!a.giverRegistered) return refuse('election.errors.proxyGiverNotVoter');
  if (!a.holderRegistered) return refuse('election.errors.proxyHolderNotVoter');
  if (!a.closeRelatives) return refuse('election.errors.proxyNotCloseRelative');
  if (a.giverHasProxy) return refuse('election.errors.proxyAlreadyGiven');
  if (a.holderHasGivenProxy) return refuse('election.errors.proxyHolderHasGivenProxy');
  if (a.holderProxyCount >= MAX_PROXIES_PER_HOLDER) return refuse('election.errors.proxyLimitReached', { max: MAX_PROXIES_PER_HOLDER });
  return allowed;
}
