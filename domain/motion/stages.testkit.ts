/** Shared set-up of the motion state machine's tests: a one-second day, the actors, counts, and snapshots at each stage. */
import type { MeetingRecord } from './meetings';
import { SYSTEM_ACTOR, type Actor } from './permissions';
import { resolveMotionSettings } from './settings';
import {
  applyMotionEvent,
  checkMotionEvent,
  newMotion,
  type MotionEvent,
  type MotionSnapshot,
  type NewMotion,
} from './stages';


// A "day" lasts one second, so whole periods are exercised exactly.
export const DAY = 1_000;
export const settings = resolveMotionSettings({ dayMs: DAY });
export const T0 = 1_800_000_000_000; // 00:00 of a (scaled) Shanghai day
export const day = (n: number, ms = 0) => T0 + n * DAY + ms;
export const ctx = (now: number) => ({ now, settings });

export const secretary: Actor = { roles: ['party_secretary', 'party_member'] };
export const director: Actor = { roles: ['committee_member'], committeeOffice: 'director' };
export const member: Actor = { roles: ['committee_member'], committeeOffice: 'member' };
export const supervisor: Actor = { roles: ['supervisor', 'resident'] };
export const resident: Actor = { roles: ['resident'] };
export const representative: Actor = { roles: ['resident_representative', 'resident'] };
export const street: Actor = { roles: ['street_office_admin'] };
export const system = SYSTEM_ACTOR;

export const counts = (expected: number, present: number, yes: number, no: number): MeetingRecord => ({
  kind: 'counts',
  tally: { expected, present, yes, no, abstain: present - yes - no },
});
export const pass = counts(5, 5, 4, 1);
export const fail = counts(5, 5, 2, 3);
export const tie = counts(6, 6, 3, 3);
export const inquorate = counts(5, 2, 2, 0);

export function apply(s: MotionSnapshot, actor: Actor, e: MotionEvent, now: number): MotionSnapshot {
  return applyMotionEvent(s, e, actor, ctx(now));
}
export function refusal(s: MotionSnapshot, actor: Actor, e: MotionEvent, now: number): string | undefined {
  const v = checkMotionEvent(s, e, actor, ctx(now));
  return v.ok ? undefined : v.key;
}

export const draft = (over: Partial<NewMotion> = {}) =>
  newMotion({
    motionId: 'm1',
    createdAt: day(0),
    matter: { majorReasons: ['public_project'] },
    estimatedCostYuan: 50_000,
    ...over,
  });

// The usual path, one helper per stage (notice periods: joint 2, party 3, representatives 3 days).
export const toProposed = (s = draft(), at = day(1)) =>
  apply(s, secretary, { type: 'recordPartyCommitteeDecision', record: pass }, at);
export const toDeliberating = (s = toProposed(), at = day(1), opensAt = day(4)) =>
  apply(s, secretary, { type: 'conveneJointMeeting', opensAt }, at);
export const toPartyReview = (s = toDeliberating(), at = day(4)) =>
  apply(s, secretary, { type: 'recordJointMeeting', record: pass, conclusion: 'agree' }, at);
export const convenePartyMeeting = (s = toPartyReview(), at = day(4)) =>
  apply(s, secretary, { type: 'convenePartyMeeting', opensAt: day(8) }, at);
export const toResolving = (s = toPartyReview()) =>
  apply(convenePartyMeeting(s), secretary, { type: 'recordPartyMeeting', record: pass }, day(8));
export const withOnlineVote = (s = toResolving()) =>
  apply(
    s,
    director,
    { type: 'scheduleResolutionMeeting', body: 'representatives_meeting', opensAt: day(12), online: true },
    day(8),
  );
export const toResolutionDisclosed = (record = pass) =>
  apply(withOnlineVote(), system, { type: 'recordResolution', record }, day(15));
/** Approved by a supervisor (§3.7.3), then published by the system. */
export const published = (s = toResolutionDisclosed(), at = day(15)) =>
  apply(apply(s, supervisor, { type: 'approveDisclosure' }, at), system, { type: 'disclosurePublished' }, at);
export const toImplementing = () => apply(published(), system, { type: 'endDisclosure' }, day(22));
