/**
 * Who acts (DOMAIN.md §1.2) and who sees named votes (§3.8). What a person may do *now* is decided
 * in stages.ts, which combines these with the stage and its guards.
 */
import type { Role } from '../roles';
import type { MeetingBody } from './meetings';

/** Residents' committee offices (attribute `office` of `committee_member`). */
export const COMMITTEE_OFFICES = ['director', 'deputy_director', 'member'] as const;
export type CommitteeOffice = (typeof COMMITTEE_OFFICES)[number];

/**
 * The person acting, as far as motion rules care: the roles they hold in this community now and, for
 * committee members, their office. `system` marks the workflow itself (timers, tallies, activities).
 */
export interface Actor {
  roles: readonly Role[];
  committeeOffice?: CommitteeOffice;
  system?: boolean;
}

/** Pseudo-roles used in the stage table besides DOMAIN.md's role ids. */
export type ActorKind = Role | 'committee_director' | 'system';

export const SYSTEM_ACTOR: Actor = { roles: [], system: true };

export function holds(actor: Actor, kind: ActorKind): boolean {
  if (kind === 'system') return actor.system === true;
  if (kind === 'committee_director') {
    return actor.roles.includes('committee_member') && actor.committeeOffice === 'director';
  }
  return actor.roles.includes(kind);
}

export function holdsAny(actor: Actor, kinds: readonly ActorKind[]): boolean {
  return kinds.some((k) => holds(actor, k));
}

export type VoteVisibility = 'named' | 'tally' | 'outcome';

/**
 * §3.8: what a viewer (or the public, `null`) sees of the votes of a body. `named` = each person's
 * choice; `tally` = attendance, quorum and counts; `outcome` = passed or not only.
 */
export function voteVisibility(body: MeetingBody, viewer: Actor | null): VoteVisibility {
  const oversight = (a: Actor) => holdsAny(a, ['supervisor', 'street_office_admin']);
  const partyOrganization = (a: Actor) => holdsAny(a, ['party_secretary', 'party_committee_member']);
  switch (body) {
    case 'party_committee':
      if (viewer && (partyOrganization(viewer) || oversight(viewer))) return 'named';
      return 'outcome';
    case 'joint_meeting':
      if (viewer && (partyOrganization(viewer) || holds(viewer, 'committee_member') || oversight(viewer)))
        return 'named';
      return 'outcome';
    case 'party_members_meeting':
      if (viewer && (partyOrganization(viewer) || oversight(viewer))) return 'named';
      return 'tally';
    case 'representatives_meeting':
      // Representatives answer to their constituents: every logged-in person of the community sees names.
      if (viewer && viewer.roles.some((r) => r !== 'platform_admin')) return 'named';
      return 'tally';
    case 'residents_meeting':
      // Choices are stored apart from participation; nobody sees them in the UI.
      return 'tally';
  }
}

/** Who prepares motions, and so sees drafts (§3.2). */
export const MOTION_PREPARERS: readonly Role[] = ['party_secretary', 'party_committee_member', 'committee_member', 'supervisor', 'street_office_admin'];
export const mayPrepareMotions = (roles: readonly Role[]): boolean => roles.some((r) => MOTION_PREPARERS.includes(r));

/**
 * §3.8, §6: what a viewer of a motion page (or the public, `null`) sees beyond the public record —
 * who wrote each residents' opinion, who raised each objection, who recorded each progress entry.
 */
export function motionViewRights(viewer: Actor | null): { seesAuthors: boolean; seesObjectors: boolean; seesRecorders: boolean } {
  if (viewer === null) return { seesAuthors: false, seesObjectors: false, seesRecorders: false };
  return {
    seesAuthors: holdsAny(viewer, ['committee_member', 'party_secretary', 'party_committee_member', 'supervisor', 'street_office_admin']),
    seesObjectors: holdsAny(viewer, ['supervisor', 'committee_member']),
    seesRecorders: holdsAny(viewer, ['supervisor', 'committee_member', 'street_office_admin']),
  };
}

/** Timeline entries the public does not see (individual ballots and sign-ins, the creation form). */
export const HIDDEN_FROM_PUBLIC: ReadonlySet<string> = new Set(['castVote', 'checkIn', 'recordAttendance', 'confirmPaperAttendance', 'create']);
