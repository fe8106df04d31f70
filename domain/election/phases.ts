/**
 * The phases of an election 换届选举, in order, and the questions pages and rules ask of a phase.
 * One list; routes and components ask these predicates instead of comparing phase literals.
 */
export const ELECTION_PHASES = [
  'preparation', // 筹备: plan published, waiting for registration to open
  'registration', // 选民登记
  'register_published', // 选民名单公布 (objections open until E−5)
  'nomination', // 提名候选人
  'candidates_published', // 正式候选人名单公布
  'voting', // 投票
  'counting', // 计票: polls closed, paper totals confirmed, then the tally
  'awaiting_round', // 等待另行选举/重新投票
  'results', // 结果公示 (supervision may object)
  'closed', // 结束
  'void', // 选举无效
] as const;
export type ElectionPhase = (typeof ELECTION_PHASES)[number];

export const phaseIndex = (p: ElectionPhase) => ELECTION_PHASES.indexOf(p);
/** Phases in which no other election of the community may start. */
export const isRunning = (p: ElectionPhase) => p !== 'results' && p !== 'closed' && p !== 'void';
/** The register is edited by hand or by import (before it is published). */
export const registrationOpen = (p: ElectionPhase) => p === 'registration';
/** Candidates are nominated. */
export const nominationOpen = (p: ElectionPhase) => p === 'nomination';
/** Polls are open: ballots are cast and handed out. */
export const votingOpen = (p: ElectionPhase) => p === 'voting';
/** Paper totals are entered (while polls are open and once they close). */
export const countingOpen = (p: ElectionPhase) => p === 'voting' || p === 'counting';
/** Proxies are recorded from the published register until the candidates' list (the date is checked too). */
export const proxiesPhase = (p: ElectionPhase) => p === 'register_published' || p === 'nomination' || p === 'candidates_published';
/** Voting codes are handed out from the candidates' list until the last round is over. */
export const votingCodesPhase = (p: ElectionPhase) => p === 'candidates_published' || p === 'voting' || p === 'awaiting_round';
/** The result is published (under objection, or final): it may be certified. */
export const resultPublished = (p: ElectionPhase) => p === 'results' || p === 'closed';
/** The result is published and objections to it are still heard. */
export const resultsUnderObjection = (p: ElectionPhase) => p === 'results';
/** How a phase badge reads: over (closed or void), good (results), or live. */
export const phaseTone = (p: ElectionPhase): 'over' | 'good' | 'live' => (p === 'closed' || p === 'void' ? 'over' : p === 'results' ? 'good' : 'live');

export type PhaseStep = { phase: ElectionPhase; state: 'done' | 'current' | 'upcoming' };

/**
 * The steps an election's overview lists, each done, current or upcoming: waiting for another
 * round counts as voting; `void` is never a step, and a void election does not list `closed`.
 */
export function phaseSteps(phase: ElectionPhase): PhaseStep[] {
  const current = phase === 'awaiting_round' ? phaseIndex('voting') : phaseIndex(phase);
  return ELECTION_PHASES.filter((p) => p !== 'awaiting_round' && p !== 'void' && !(phase === 'void' && p === 'closed')).map((p) => {
    const i = phaseIndex(p);
    return { phase: p, state: i < current || (p === 'closed' && phase === 'closed') ? 'done' : i === current ? 'current' : 'upcoming' };
  });
}
