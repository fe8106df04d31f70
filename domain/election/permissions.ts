/**
 * Who may do what in an election (DOMAIN.md §1.2, §4, §6). One table, used by the web's guard
 * (`requireRole` with these roles, then the per-election committee check) and re-checked by the
 * workflow's Update validators.
 */
import { allowed, refuse, type Verdict } from '../errors';
import { COMMUNITY_ROLES, hasAnyRole, type Role } from '../roles';

export const ELECTION_ACTIONS = [
  'view', // the election's internal pages: phase, timeline, candidates
  'create', // set-up: plan, election committee
  'viewRegister', // the voter list (names and groups) — logged-in people of the community (§6)
  'viewRegisterIds', // masked ID numbers (§7.3)
  'manageRegister', // import, add, remove voters
  'raiseObjection', // object to the published voter list
  'decideObjection',
  'publishRegister',
  'nominate',
  'finalizeCandidates',
  'recordProxy',
  'issueVotingCode',
  'issuePaperBallot',
  'enterPaperTotals',
  'confirmPaperTotals',
  'closePolls',
  'tally',
  'openNextRound',
  'vote',
  'objectToResult',
  'ruleOnObjection',
] as const;
export type ElectionAction = (typeof ELECTION_ACTIONS)[number];

const EVERYONE_IN_COMMUNITY: readonly Role[] = [...COMMUNITY_ROLES, 'street_office_admin'];
const COMMITTEE: readonly Role[] = ['election_committee'];

/** Roles that may attempt each action (in the election's community, today). */
export const ACTION_ROLES: Record<ElectionAction, readonly Role[]> = {
  view: EVERYONE_IN_COMMUNITY,
  create: ['party_secretary', 'street_office_admin'],
  viewRegister: EVERYONE_IN_COMMUNITY,
  viewRegisterIds: ['election_committee', 'street_office_admin'],
  manageRegister: COMMITTEE,
  // People of the community raise corrections; the street office hears complaints instead (§4.2).
  raiseObjection: COMMUNITY_ROLES,
  decideObjection: COMMITTEE,
  publishRegister: COMMITTEE,
  nominate: COMMITTEE,
  finalizeCandidates: COMMITTEE,
  recordProxy: COMMITTEE,
  issueVotingCode: COMMITTEE,
  issuePaperBallot: COMMITTEE,
  enterPaperTotals: COMMITTEE,
  // The second person: another committee member or a supervisor (§3.2 paper rule).
  confirmPaperTotals: ['election_committee', 'supervisor'],
  closePolls: COMMITTEE,
  tally: COMMITTEE,
  openNextRound: COMMITTEE,
  // Any person of the community may sign in to vote; being on the register is checked with the ballot.
  vote: COMMUNITY_ROLES,
  objectToResult: ['supervisor'],
  ruleOnObjection: ['street_office_admin'],
};

/**
 * Committee actions are for the members of THIS election's committee (the role alone, held from
 * another election, is not enough). A supervisor confirming paper totals needs no committee seat.
 */
export function needsCommitteeSeat(action: ElectionAction, roles: readonly Role[]): boolean {
  if (action === 'confirmPaperTotals') return !roles.includes('supervisor');
  return ACTION_ROLES[action].length === 1 && ACTION_ROLES[action][0] === 'election_committee';
}

export type ElectionActor = { userId: string; roles: readonly Role[] };

/** The role part of the check (the web's guard does it with `requireRole`; validators repeat it). */
export function checkActionRole(action: ElectionAction, roles: readonly Role[]): Verdict {
  return hasAnyRole(roles, ACTION_ROLES[action]) ? allowed : refuse('election.errors.notAllowed');
}

/** Role, then committee seat for committee actions. `committee` = user ids of sitting members. */
export function checkActor(action: ElectionAction, actor: ElectionActor, committee: readonly string[]): Verdict {
  const role = checkActionRole(action, actor.roles);
  if (!role.ok) return role;
  if (needsCommitteeSeat(action, actor.roles) && !committee.includes(actor.userId))
    return refuse('election.errors.notOnElectionCommittee');
  return allowed;
}
