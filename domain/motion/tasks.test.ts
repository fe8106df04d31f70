import type { MeetingRecord } from './meetings';
import { SYSTEM_ACTOR, type Actor } from './permissions';
import { resolveMotionSettings } from './settings';
import { applyMotionEvent, newMotion, type MotionEvent, type MotionSnapshot } from './stages';
import { openTasks, type TaskSpec } from './tasks';
import { castVote, openVoteBook } from './votes';

// A "day" lasts one second; the joint meeting is due 15 days after `proposed`, escalation 7 days later.
const DAY = 1_000;
const settings = resolveMotionSettings({ dayMs: DAY });
const T0 = 1_800_000_000_000;
const day = (n: number, ms = 0) => T0 + n * DAY + ms;
const secretary: Actor = { roles: ['party_secretary', 'party_member'] };
const director: Actor = { roles: ['committee_member'], committeeOffice: 'director' };
const supervisor: Actor = { roles: ['supervisor', 'resident'] };
const pass: MeetingRecord = { kind: 'counts', tally: { expected: 5, present: 5, yes: 4, no: 1, abstain: 0 } };

const apply = (s: MotionSnapshot, actor: Actor, e: MotionEvent, now: number) => applyMotionEvent(s, e, actor, { now, settings });
const draft = () => newMotion({ motionId: 'm1', createdAt: day(0), matter: { majorReasons: ['public_project'] }, estimatedCostYuan: 50_000 });
const proposed = () => apply(draft(), secretary, { type: 'recordPartyCommitteeDecision', record: pass }, day(1));
const partyReview = () =>
  apply(apply(proposed(), secretary, { type: 'conveneJointMeeting', opensAt: day(4) }, day(1)), secretary, {
    type: 'recordJointMeeting',
    record: pass,
    conclusion: 'agree',
  }, day(4));
const resolving = () =>
  apply(apply(partyReview(), secretary, { type: 'convenePartyMeeting', opensAt: day(8) }, day(4)), secretary, {
    type: 'recordPartyMeeting',
    record: pass,
  }, day(8));
const onlineVote = () =>
  apply(resolving(), director, { type: 'scheduleResolutionMeeting', body: 'representatives_meeting', opensAt: day(12), online: true }, day(8));
const disclosed = () =>
  apply(
    apply(apply(onlineVote(), SYSTEM_ACTOR, { type: 'recordResolution', record: pass }, day(15)), supervisor, { type: 'approveDisclosure' }, day(15)),
    SYSTEM_ACTOR,
    { type: 'disclosurePublished' },
    day(15),
  );

const tasksOf = (snapshot: MotionSnapshot, now: number, book?: Parameters<typeof openTasks>[0]['book']) =>
  openTasks({ motionId: 'm1', snapshot, settings, book }, now);
const kinds = (t: TaskSpec[]) => t.map((x) => x.kind);

describe('my tasks for a motion', () => {
  it('asks the party secretary to record the party committee decision on a draft', () => {
    expect(tasksOf(draft(), day(0))).toEqual([
      { key: 'motion:m1:propose:h1', kind: 'motion.task.recordPartyCommitteeDecision', to: { role: 'party_secretary' } },
    ]);
  });

  it('gives the joint meeting its due date, a reminder from that date and a street-office escalation 7 days later', () => {
    const s = proposed();
    const due = day(16);
    expect(tasksOf(s, due - 1)).toEqual([
      { key: 'motion:m1:convene:h2', kind: 'motion.task.conveneJointMeeting', to: { role: 'party_secretary' }, dueAt: due },
    ]);
    const reminded = tasksOf(s, due);
    expect(kinds(reminded)).toEqual(['motion.task.conveneJointMeeting', 'motion.task.overdue']);
    expect(reminded[1]).toEqual({
      key: `motion:m1:overdue:${due}`,
      kind: 'motion.task.overdue',
      to: { role: 'party_secretary' },
      dueAt: due,
      params: { state: 'proposed' },
    });
    expect(tasksOf(s, due + 7 * DAY - 1).map((t) => t.kind)).not.toContain('motion.task.escalation');
    const escalated = tasksOf(s, due + 7 * DAY);
    expect(escalated[2]).toEqual({
      key: `motion:m1:escalation:${due}`,
      kind: 'motion.task.escalation',
      to: { role: 'street_office_admin' },
      dueAt: due + 7 * DAY,
      escalated: true,
      params: { state: 'proposed' },
    });
    // The stage is never advanced because it is overdue.
    expect(s.state).toBe('proposed');
  });

  it('sends the reminder to whoever holds the main task (the director schedules the resolution)', () => {
    const s = resolving();
    const due = day(8 + 30);
    const t = tasksOf(s, due);
    expect(t[0]).toMatchObject({ kind: 'motion.task.scheduleResolutionMeeting', to: { office: 'director' }, dueAt: due });
    expect(t[1]).toMatchObject({ kind: 'motion.task.overdue', to: { office: 'director' } });
  });

  it('gives each representative who has a vote and has not voted a task while the window is open', () => {
    const s = onlineVote();
    let book = openVoteBook(
      { questionId: 'q1', roster: [{ personId: 'a' }, { personId: 'b' }, { personId: 'c', hasVote: false }], opensAt: day(12) },
      settings,
    );
    expect(tasksOf(s, day(11), book)).toEqual([]);
    book = castVote(book, { voterId: 'a', choice: 'agree', method: 'online' }, day(12, 1)).book;
    expect(tasksOf(s, day(12, 2), book)).toEqual([
      { key: 'motion:m1:vote-q1-b:x', kind: 'motion.task.vote', to: { userId: 'b' }, dueAt: book.closesAt },
    ]);
    expect(tasksOf(s, book.closesAt, book)).toEqual([]);
  });

  it('asks for a reply to an objection, then the supervisor to accept it, then a ruling after the window', () => {
    let s = apply(disclosed(), supervisor, { type: 'raiseObjection', objectionId: 'o1', blocking: true }, day(16));
    const o = s.objections[0]!;
    expect(tasksOf(s, day(16))).toEqual([
      { key: 'motion:m1:objection-reply-o1:x', kind: 'motion.task.replyToObjection', to: { role: 'committee_member' }, dueAt: o.replyDueAt },
    ]);
    s = apply(s, director, { type: 'replyToObjection', objectionId: 'o1' }, day(17));
    expect(kinds(tasksOf(s, day(17)))).toEqual(['motion.task.acceptObjectionReply']);
    expect(kinds(tasksOf(s, day(22)))).toEqual(['motion.task.acceptObjectionReply', 'motion.task.ruleOnObjection']);
  });

  it('keys a stage task by the history length, so a new stage gives a new task', () => {
    expect(tasksOf(proposed(), day(1))[0]!.key).toBe('motion:m1:convene:h2');
    expect(tasksOf(partyReview(), day(4))[0]!.key).toBe('motion:m1:convene:h4');
  });
});

describe('two inquorate meetings (§3.4)', () => {
  const inquorate: MeetingRecord = { kind: 'counts', tally: { expected: 6, present: 3, yes: 3, no: 0, abstain: 0 } };
  const meet = (s: MotionSnapshot, n: number) =>
    apply(
      apply(s, director, { type: 'scheduleResolutionMeeting', body: 'representatives_meeting', opensAt: day(n + 4), online: false }, day(n)),
      director,
      { type: 'recordResolution', record: inquorate },
      day(n + 4),
    );

  it('tell the supervisors and the street office after the second, not the first', () => {
    const once = meet(resolving(), 8);
    expect(kinds(tasksOf(once, day(12)))).not.toContain('motion.task.inquorateTwice');
    const twice = meet(once, 12);
    expect(twice.state).toBe('resolving');
    const notices = tasksOf(twice, day(16)).filter((t) => t.kind === 'motion.task.inquorateTwice');
    expect(notices.map((t) => t.to)).toEqual([{ role: 'supervisor' }, { role: 'street_office_admin' }]);
    expect(notices[0]!.params).toEqual({ body: 'representatives_meeting', times: 2 });
  });
});
