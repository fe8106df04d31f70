/**
 * Who sits on each body (DOMAIN.md §1.1, §3.3). db/ turns this into a query of today's memberships;
 * the workflow freezes the result at notice (edge #4).
 */
import type { Role } from '../roles';
import type { MeetingBody, RosterMember } from './meetings';

/** The roles whose holders sit on each body; a person holding several roles is listed once. */
export const ROSTER_ROLES: Readonly<Record<MeetingBody, readonly Role[]>> = {
  party_committee: ['party_secretary', 'party_committee_member'],
  joint_meeting: ['party_secretary', 'party_committee_member', 'committee_member'],
  party_members_meeting: ['party_member'],
  representatives_meeting: ['committee_member', 'resident_representative'],
  residents_meeting: [],
};

/** Only full party members 正式党员 sit on the party members' meeting. */
export const fullMembersOnly = (body: MeetingBody): boolean => body === 'party_members_meeting';

/** A person on a frozen roster, with the name shown in the vote table. */
export type RosterPerson = RosterMember & { name: string };
