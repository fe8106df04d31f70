import { DomainError } from '../errors';
import type { Actor } from './catalogue';
import {
  DAY_MS,
  applyConsultationCommand,
  checkConsultationAction,
  checkConsultationCommand,
  checkMeetingTime,
  consultationDeadlines,
  dayStart,
  mayReadAttributedOpinions,
  maskPersonalData,
  nextActions,
  overdue,
  proposeTopic,
  publicOpinions,
  resolvePeriods,
  type ConsultationClock,
  type ConsultationCommand,
  type ConsultationSnapshot,
} from './procedure';
import { catalogueItemSchema, type ConsultationPeriods } from './schemas';

// A day lasts one second here, so a whole consultation runs in "seconds".
const D = 1000;
/** 00:00 (scaled Asia/Shanghai) of day 0. */
const T0 = dayStart(1_000_000, D);
const at = (day: number, ms = 0) => T0 + day * D + ms;
const clock = (now: number, periods?: Partial<ConsultationPeriods>): ConsultationClock => ({
  now,
  dayMs: D,
  periods,
});

const secretary: Actor = { id: 'sec', roles: ['party_secretary', 'party_member'] };
const member: Actor = { id: 'mem', roles: ['committee_member'] };
const resident: Actor = { id: 'res-1', roles: ['resident'] };
const representative: Actor = { id: 'rep-1', roles: ['resident', 'resident_representative'] };
const supervisor: Actor = { id: 'sup', roles: ['supervisor'] };
const street: Actor = { id: 'street', roles: ['street_office_admin'] };

const sortingItem = catalogueItemSchema.parse({
  code: 'ENV-01',
  title: '垃圾分类投放点设置',
  category: 'environment',
  scope: 'groups',
  parties: ['affected_residents', 'property_company'],
  forms: ['building_consultation', 'dialogue'],
  mandatory: true,
});

function open(item = sortingItem, proposer: Actor = secretary): ConsultationSnapshot {
  return proposeTopic({
    id: 'k1',
    communityId: 'c1',
    proposer,
    title: '3号楼垃圾投放点搬迁',
    description: '投放点离住户窗户太近，拟搬到自行车棚旁。',
    item,
    catalogueVersion: 1,
    motionId: 'm1',
    now: at(0, 100),
  });
}

/** Applies commands in order, each at its own time. */
function run(
  s: ConsultationSnapshot,
  steps: [Actor, ConsultationCommand, number][],
  periods?: Partial<ConsultationPeriods>,
) {
  return steps.reduce(
    (acc, [actor, cmd, now]) => applyConsultationCommand(acc, actor, cmd, clock(now, periods)),
    s,
  );
}

const parties: ConsultationCommand = {
  action: 'fixParties',
  parties: [
    { type: 'affected_residents', name: '3号楼居民' },
    { type: 'property_company', name: '安居物业公司' },
  ],
};

/** Topic published at day 0 +200 ms, collecting from day 0 +300 ms. */
function collecting(item = sortingItem) {
  return run(open(item), [
    [member, parties, at(0, 150)],
    [member, { action: 'publishTopic' }, at(0, 200)],
    [member, { action: 'openCollection' }, at(0, 300)],
  ]);
}

function expectRefusal(fn: () => unknown, key: string) {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).key).toBe(key);
    return e as DomainError;
  }
  throw new Error(`expected refusal ${key}`);
}

describe('a whole consultation with a one-second day', () => {
  it('runs from topic to closed, respecting every period', () => {
    let s = collecting();
    expect(s.state).toBe('collecting');
    s = run(s, [
      [resident, { action: 'leaveOpinion', opinionId: 'o1', text: '同意搬迁，但要加盖子。' }, at(1)],
      [representative, { action: 'leaveOpinion', opinionId: 'o2', text: '车棚旁边晚上太暗。' }, at(2)],
      [member, { action: 'answerOpinion', opinionId: 'o2', text: '会同时加装路灯。' }, at(3)],
    ]);

    // Opinions are collected for 7 full days from day 0 +300 ms.
    const schedule: ConsultationCommand = {
      action: 'scheduleMeeting',
      meetingAt: at(9),
      form: 'dialogue',
      place: '社区活动室',
    };
    expectRefusal(
      () => applyConsultationCommand(s, member, schedule, clock(at(7, 299))),
      'consultation.errors.commentPeriodRunning',
    );
    s = applyConsultationCommand(s, member, schedule, clock(at(7, 300)));
    expect(s.state).toBe('meeting_scheduled');
    // Opinions close with the scheduling.
    expectRefusal(
      () =>
        applyConsultationCommand(
          s,
          resident,
          { action: 'leaveOpinion', opinionId: 'o3', text: '晚了' },
          clock(at(8)),
        ),
      'consultation.errors.wrongState',
    );

    const record: ConsultationCommand = {
      action: 'recordMeeting',
      attendees: 23,
      positions: [
        { party: '3号楼居民', position: '多数同意搬迁' },
        { party: '安居物业公司', position: '负责每日清洗' },
      ],
      agreements: '搬到车棚旁，加盖、加灯',
      disagreements: '一楼住户担心异味',
      strawPoll: { yes: 18, no: 3, abstain: 2 },
    };
    expectRefusal(
      () => applyConsultationCommand(s, member, record, clock(at(8, 999))),
      'consultation.errors.meetingNotYetHeld',
    );
    s = applyConsultationCommand(s, member, record, clock(at(9, 500)));
    expect(s.state).toBe('meeting_held');
    expect(s.meetingRecord?.strawPoll).toEqual({ yes: 18, no: 3, abstain: 2 });

    // Outcome drafted; the supervisor objects; redraft; approved; published.
    s = applyConsultationCommand(
      s,
      member,
      { action: 'draftOutcome', text: '投放点搬到车棚旁。' },
      clock(at(10)),
    );
    expectRefusal(
      () => applyConsultationCommand(s, member, { action: 'publishOutcome' }, clock(at(11))),
      'consultation.errors.awaitingSupervisorReview',
    );
    s = applyConsultationCommand(
      s,
      supervisor,
      { action: 'reviewOutcome', verdict: 'objected', note: '没写异味怎么处理' },
      clock(at(11)),
    );
    expectRefusal(
      () => applyConsultationCommand(s, member, { action: 'publishOutcome' }, clock(at(13))),
      'consultation.errors.outcomeObjected',
    );
    s = applyConsultationCommand(
      s,
      member,
      { action: 'draftOutcome', text: '投放点搬到车棚旁，物业每日清洗除味。' },
      clock(at(12)),
    );
    s = applyConsultationCommand(
      s,
      supervisor,
      { action: 'reviewOutcome', verdict: 'approved' },
      clock(at(12, 500)),
    );
    s = applyConsultationCommand(s, member, { action: 'publishOutcome' }, clock(at(13)));
    expect(s.state).toBe('outcome_published');
    expect(s.outcomeReviewed).toBe(true);
    expect(s.outcomeDrafts.map((d) => [d.version, d.review?.verdict])).toEqual([
      [1, 'objected'],
      [2, 'approved'],
    ]);

    // The outcome stays on display for 7 days.
    expectRefusal(
      () => applyConsultationCommand(s, member, { action: 'startFeedback' }, clock(at(19, 999))),
      'consultation.errors.outcomeStillOnDisplay',
    );
    s = applyConsultationCommand(s, member, { action: 'startFeedback' }, clock(at(20)));
    expect(s.state).toBe('feedback');

    expectRefusal(
      () => applyConsultationCommand(s, member, { action: 'close' }, clock(at(21))),
      'consultation.errors.finalFeedbackMissing',
    );
    s = run(s, [
      [member, { action: 'reportFeedback', text: '新投放点已建好' }, at(50)],
      [member, { action: 'reportFeedback', text: '路灯已装，全部完成', final: true }, at(80)],
      [member, { action: 'close' }, at(81)],
    ]);
    expect(s.state).toBe('closed');
    expect(s.closedAt).toBe(at(81));
  });

  it('never changes the snapshot it was given', () => {
    const s = collecting();
    const copy = structuredClone(s);
    applyConsultationCommand(
      s,
      resident,
      { action: 'leaveOpinion', opinionId: 'o1', text: '好' },
      clock(at(1)),
    );
    expect(s).toEqual(copy);
  });
});

describe('periods', () => {
  it('uses the item’s longer comment period', () => {
    const s = collecting(catalogueItemSchema.parse({ ...sortingItem, minCommentDays: 10 }));
    const cmd: ConsultationCommand = {
      action: 'scheduleMeeting',
      meetingAt: at(12),
      form: 'dialogue',
      place: '活动室',
    };
    expect(checkConsultationCommand(s, member, cmd, clock(at(10, 299)))).toMatchObject({
      ok: false,
      key: 'consultation.errors.commentPeriodRunning',
      params: { until: at(10, 300) },
    });
    expect(checkConsultationCommand(s, member, cmd, clock(at(10, 300))).ok).toBe(true);
  });

  it('uses the community’s longer setting when the item asks for less', () => {
    const s = collecting();
    expect(consultationDeadlines(s, clock(at(1), { commentDays: 14 })).commentPeriodEndsAt).toBe(at(14, 300));
  });

  it('publishes the topic at least N calendar days before the meeting day', () => {
    // Topic published day 0 (+200 ms): with 10 days' notice the meeting may be on day 11 at the earliest.
    const s = collecting();
    const p = { topicNoticeDays: 10 };
    expect(consultationDeadlines(s, clock(at(8), p)).earliestMeetingAt).toBe(at(11));
    expect(checkMeetingTime(s, at(10, 999), clock(at(8), p))).toMatchObject({
      ok: false,
      key: 'consultation.errors.meetingTooSoon',
      params: { earliest: at(11), days: 10 },
    });
    expect(checkMeetingTime(s, at(11), clock(at(8), p)).ok).toBe(true);
    expect(checkMeetingTime(s, at(7), clock(at(8)))).toMatchObject({
      key: 'consultation.errors.meetingInPast',
    });
  });

  it('counts a topic published exactly at 00:00 from that day', () => {
    const s = { ...collecting(), topicPublishedAt: at(3) };
    expect(consultationDeadlines(s, clock(at(4))).earliestMeetingAt).toBe(at(8));
  });

  it('works in real Asia/Shanghai days with the production day length', () => {
    // Published 2026-11-20 23:00 in Shanghai: the meeting may be on 2026-11-26 at the earliest.
    const s = { ...collecting(), topicPublishedAt: Date.UTC(2026, 10, 20, 15, 0) };
    const d = consultationDeadlines(s, { now: s.topicPublishedAt, dayMs: DAY_MS });
    expect(new Date(d.earliestMeetingAt!).toISOString()).toBe('2026-11-25T16:00:00.000Z');
    expect(dayStart(Date.UTC(2026, 10, 20, 15, 59), DAY_MS)).toBe(Date.UTC(2026, 10, 19, 16, 0));
    expect(dayStart(Date.UTC(2026, 10, 20, 16, 0), DAY_MS)).toBe(Date.UTC(2026, 10, 20, 16, 0));
  });

  it('lets the outcome go out unreviewed after the review days, labelled as such', () => {
    let s = heldMeeting();
    s = applyConsultationCommand(s, member, { action: 'draftOutcome', text: '结果' }, clock(at(10)));
    expect(consultationDeadlines(s, clock(at(10))).reviewDueAt).toBe(at(12));
    expect(checkConsultationAction(s, 'publishOutcome', member.roles, clock(at(11, 999)))).toMatchObject({
      key: 'consultation.errors.awaitingSupervisorReview',
    });
    s = applyConsultationCommand(s, member, { action: 'publishOutcome' }, clock(at(12)));
    expect(s.outcomeReviewed).toBe(false);
  });

  it('flags an outcome not written within 7 days of the meeting until it is written, without advancing', () => {
    const s = heldMeeting(); // meeting at day 9
    expect(overdue(s, clock(at(16)))).toEqual([]);
    expect(overdue(s, clock(at(16, 1)))).toEqual([{ key: 'consultation.overdue.outcome', dueAt: at(16) }]);
    const drafted = applyConsultationCommand(
      s,
      member,
      { action: 'draftOutcome', text: '迟到的结果' },
      clock(at(17)),
    );
    expect(drafted.state).toBe('meeting_held');
    expect(overdue(drafted, clock(at(18)))).toEqual([]);
  });

  it('asks for implementation feedback at least quarterly, counted from the last report', () => {
    let s = heldMeeting();
    s = run(s, [
      [member, { action: 'draftOutcome', text: '结果' }, at(10)],
      [supervisor, { action: 'reviewOutcome', verdict: 'approved' }, at(10, 10)],
      [member, { action: 'publishOutcome' }, at(11)],
    ]);
    expect(consultationDeadlines(s, clock(at(11))).feedbackDueAt).toBe(at(101));
    expect(overdue(s, clock(at(101, 1)))).toEqual([{ key: 'consultation.overdue.feedback', dueAt: at(101) }]);
    s = applyConsultationCommand(s, member, { action: 'reportFeedback', text: '已开工' }, clock(at(60)));
    expect(consultationDeadlines(s, clock(at(61))).feedbackDueAt).toBe(at(150));
    expect(consultationDeadlines(s, clock(at(61), { feedbackIntervalDays: 30 })).feedbackDueAt).toBe(at(90));
  });

  it('refuses settings below the legal minimums', () => {
    expect(() => resolvePeriods({ commentDays: 6 })).toThrow(DomainError);
    expect(
      expectRefusal(() => resolvePeriods({ outcomeVisibleDays: 3 }), 'consultation.errors.periodTooShort')
        .params,
    ).toEqual({
      setting: 'outcomeVisibleDays',
    });
    expectRefusal(() => resolvePeriods({ feedbackIntervalDays: 120 }), 'consultation.errors.periodTooLong');
    expectRefusal(() => resolvePeriods({ topicNoticeDays: 4 }), 'consultation.errors.periodTooShort');
  });
});

function heldMeeting(): ConsultationSnapshot {
  return run(collecting(), [
    [
      member,
      { action: 'scheduleMeeting', meetingAt: at(9), form: 'building_consultation', place: '3号楼前' },
      at(8),
    ],
    [
      member,
      { action: 'recordMeeting', attendees: 12, positions: [{ party: '3号楼居民', position: '同意' }] },
      at(9, 100),
    ],
  ]);
}

describe('who may act', () => {
  it('lets the secretary and committee members set and publish topics, not residents', () => {
    expectRefusal(() => open(sortingItem, resident), 'consultation.errors.notOrganizer');
    const s = open();
    expect(checkConsultationAction(s, 'fixParties', resident.roles, clock(at(0, 200)))).toMatchObject({
      key: 'consultation.errors.roleNotAllowed',
      params: { action: 'fixParties' },
    });
    expect(checkConsultationAction(s, 'publishTopic', member.roles, clock(at(0, 200)))).toMatchObject({
      key: 'consultation.errors.partiesNotFixed',
    });
    const fixed = applyConsultationCommand(s, secretary, parties, clock(at(0, 200)));
    expect(checkConsultationAction(fixed, 'publishTopic', secretary.roles, clock(at(0, 200))).ok).toBe(true);
  });

  it('keeps parties and forms to those of the catalogue item', () => {
    expectRefusal(
      () =>
        applyConsultationCommand(
          open(),
          member,
          { action: 'fixParties', parties: [{ type: 'deputies', name: '区人大代表' }] },
          clock(at(0, 200)),
        ),
      'consultation.errors.partyNotInCatalogue',
    );
    const s = collecting();
    expectRefusal(
      () =>
        applyConsultationCommand(
          s,
          member,
          { action: 'scheduleMeeting', meetingAt: at(9), form: 'hearing', place: '活动室' },
          clock(at(8)),
        ),
      'consultation.errors.formNotInCatalogue',
    );
  });

  it('lets residents and representatives leave opinions only while collecting', () => {
    const published = run(open(), [
      [member, parties, at(0, 150)],
      [member, { action: 'publishTopic' }, at(0, 200)],
    ]);
    expectRefusal(
      () =>
        applyConsultationCommand(
          published,
          resident,
          { action: 'leaveOpinion', opinionId: 'o1', text: '早' },
          clock(at(1)),
        ),
      'consultation.errors.wrongState',
    );
    const s = collecting();
    expectRefusal(
      () =>
        applyConsultationCommand(
          s,
          member,
          { action: 'leaveOpinion', opinionId: 'o1', text: '我也说' },
          clock(at(1)),
        ),
      'consultation.errors.roleNotAllowed',
    );
    const after = applyConsultationCommand(
      s,
      representative,
      { action: 'leaveOpinion', opinionId: 'o1', text: '好' },
      clock(at(1)),
    );
    expect(after.opinions[0]).toMatchObject({ authorId: 'rep-1', authorRole: 'resident_representative' });
  });

  it('treats a resent opinion as already received, and refuses another author reusing its id', () => {
    let s = collecting();
    const cmd: ConsultationCommand = { action: 'leaveOpinion', opinionId: 'o1', text: '好' };
    s = applyConsultationCommand(s, resident, cmd, clock(at(1)));
    expect(applyConsultationCommand(s, resident, cmd, clock(at(1, 5)))).toBe(s);
    expectRefusal(
      () => applyConsultationCommand(s, representative, cmd, clock(at(1, 6))),
      'consultation.errors.duplicateOpinionId',
    );
    expectRefusal(
      () =>
        applyConsultationCommand(
          s,
          resident,
          { action: 'leaveOpinion', opinionId: 'o2', text: '   ' },
          clock(at(1)),
        ),
      'consultation.errors.opinionRequired',
    );
  });

  it('lets the committee answer each opinion once; the secretary alone does not answer', () => {
    let s = applyConsultationCommand(
      collecting(),
      resident,
      { action: 'leaveOpinion', opinionId: 'o1', text: '问' },
      clock(at(1)),
    );
    expectRefusal(
      () =>
        applyConsultationCommand(
          s,
          secretary,
          { action: 'answerOpinion', opinionId: 'o1', text: '答' },
          clock(at(2)),
        ),
      'consultation.errors.roleNotAllowed',
    );
    s = applyConsultationCommand(
      s,
      member,
      { action: 'answerOpinion', opinionId: 'o1', text: '答' },
      clock(at(2)),
    );
    expectRefusal(
      () =>
        applyConsultationCommand(
          s,
          member,
          { action: 'answerOpinion', opinionId: 'o1', text: '再答' },
          clock(at(3)),
        ),
      'consultation.errors.alreadyAnswered',
    );
    expectRefusal(
      () =>
        applyConsultationCommand(
          s,
          member,
          { action: 'answerOpinion', opinionId: 'nope', text: '答' },
          clock(at(3)),
        ),
      'consultation.errors.opinionNotFound',
    );
    expect(checkConsultationAction(s, 'answerOpinion', member.roles, clock(at(3)))).toMatchObject({
      key: 'consultation.errors.noOpenOpinions',
    });
  });

  it('lets only a supervisor review the outcome, and an objection must say why', () => {
    let s = applyConsultationCommand(
      heldMeeting(),
      member,
      { action: 'draftOutcome', text: '结果' },
      clock(at(10)),
    );
    expectRefusal(
      () =>
        applyConsultationCommand(
          s,
          secretary,
          { action: 'reviewOutcome', verdict: 'approved' },
          clock(at(10)),
        ),
      'consultation.errors.roleNotAllowed',
    );
    expectRefusal(
      () =>
        applyConsultationCommand(
          s,
          supervisor,
          { action: 'reviewOutcome', verdict: 'objected' },
          clock(at(10)),
        ),
      'consultation.errors.objectionNeedsNote',
    );
    s = applyConsultationCommand(
      s,
      supervisor,
      { action: 'reviewOutcome', verdict: 'approved' },
      clock(at(10)),
    );
    expectRefusal(
      () =>
        applyConsultationCommand(
          s,
          supervisor,
          { action: 'reviewOutcome', verdict: 'approved' },
          clock(at(10)),
        ),
      'consultation.errors.alreadyReviewed',
    );
  });

  it('lets only the secretary cancel, with a reason, and not after the outcome is published', () => {
    const s = collecting();
    expectRefusal(
      () => applyConsultationCommand(s, member, { action: 'cancel', reason: '不办了' }, clock(at(2))),
      'consultation.errors.roleNotAllowed',
    );
    expectRefusal(
      () => applyConsultationCommand(s, secretary, { action: 'cancel', reason: ' ' }, clock(at(2))),
      'consultation.errors.reasonRequired',
    );
    const c = applyConsultationCommand(
      s,
      secretary,
      { action: 'cancel', reason: '议案已撤回' },
      clock(at(2)),
    );
    expect(c).toMatchObject({ state: 'cancelled', cancelReason: '议案已撤回', cancelledAt: at(2) });
    expect(nextActions(c, secretary.roles, clock(at(3)))).toEqual([]);
  });

  it('gives a cross-community consultation to the street office', () => {
    const cross = catalogueItemSchema.parse({
      ...sortingItem,
      code: 'HOU-01',
      title: '过渡安置',
      scope: 'cross_community',
    });
    expectRefusal(() => open(cross, secretary), 'consultation.errors.crossCommunityNeedsStreetOffice');
    const s = open(cross, street);
    expect(checkConsultationAction(s, 'fixParties', member.roles, clock(at(1)))).toMatchObject({
      key: 'consultation.errors.crossCommunityNeedsStreetOffice',
    });
    const published = run(s, [
      [street, parties, at(0, 150)],
      [street, { action: 'publishTopic' }, at(0, 200)],
      [street, { action: 'openCollection' }, at(0, 300)],
      [resident, { action: 'leaveOpinion', opinionId: 'o1', text: '安置房什么时候交？' }, at(1)],
      [street, { action: 'answerOpinion', opinionId: 'o1', text: '明年六月' }, at(2)],
    ]);
    expect(published.opinions[0]?.answer?.answeredBy).toBe('street');
  });

  it('refuses a catalogue item without its version', () => {
    expectRefusal(
      () =>
        proposeTopic({
          id: 'k',
          communityId: 'c1',
          proposer: secretary,
          title: 't',
          description: 'd',
          item: sortingItem,
          catalogueVersion: null,
          now: 0,
        }),
      'consultation.errors.catalogueVersionMissing',
    );
  });
});

describe('next actions for the UI', () => {
  it('shows a committee member the waiting meeting step with its reason and date', () => {
    const s = applyConsultationCommand(
      collecting(),
      resident,
      { action: 'leaveOpinion', opinionId: 'o1', text: '问' },
      clock(at(1)),
    );
    expect(nextActions(s, member.roles, clock(at(3)))).toEqual([
      { action: 'answerOpinion', to: null, enabled: true },
      {
        action: 'scheduleMeeting',
        to: 'meeting_scheduled',
        enabled: false,
        reason: 'consultation.errors.commentPeriodRunning',
        params: { until: at(7, 300) },
        availableAt: at(7, 300),
      },
    ]);
    expect(
      nextActions(s, member.roles, clock(at(7, 300))).find((a) => a.action === 'scheduleMeeting')?.enabled,
    ).toBe(true);
  });

  it('shows a resident only the opinion form, and the secretary the cancel button', () => {
    const s = collecting();
    expect(nextActions(s, resident.roles, clock(at(1)))).toEqual([
      { action: 'leaveOpinion', to: null, enabled: true },
    ]);
    expect(nextActions(s, secretary.roles, clock(at(1))).map((a) => a.action)).toEqual([
      'scheduleMeeting',
      'cancel',
    ]);
    expect(nextActions(s, supervisor.roles, clock(at(1)))).toEqual([]);
  });

  it('shows a supervisor the review once a draft exists', () => {
    const s = heldMeeting();
    expect(nextActions(s, supervisor.roles, clock(at(10)))).toEqual([
      { action: 'reviewOutcome', to: null, enabled: false, reason: 'consultation.errors.noOutcomeDraft' },
    ]);
    const drafted = applyConsultationCommand(
      s,
      member,
      { action: 'draftOutcome', text: '结果' },
      clock(at(10)),
    );
    expect(nextActions(drafted, supervisor.roles, clock(at(10)))).toEqual([
      { action: 'reviewOutcome', to: null, enabled: true },
    ]);
  });
});

describe('opinions: attributed inside, anonymous in public', () => {
  it('publishes no names, roles, ids or times of day, and masks personal data', () => {
    const s = run(collecting(), [
      [
        representative,
        { action: 'leaveOpinion', opinionId: 'o-b', text: '我是3号楼2单元502的，电话13812345678' },
        at(2, 700),
      ],
      [
        resident,
        { action: 'leaveOpinion', opinionId: 'o-a', text: '同意，身份证110101199001011234不该写这里' },
        at(1, 400),
      ],
      [member, { action: 'answerOpinion', opinionId: 'o-b', text: '已电话联系13812345678' }, at(3, 10)],
    ]);
    const view = publicOpinions(s.opinions, D);
    expect(view).toEqual([
      { number: 1, submittedOn: at(1), text: '同意，身份证110***********1234不该写这里', answer: null },
      {
        number: 2,
        submittedOn: at(2),
        text: '我是***的，电话138****5678',
        answer: { text: '已电话联系138****5678', answeredOn: at(3) },
      },
    ]);
    const json = JSON.stringify(view);
    for (const secret of ['res-1', 'rep-1', 'mem', 'o-a', 'o-b', 'resident'])
      expect(json).not.toContain(secret);
    // Inside, the record keeps its author.
    expect(s.opinions.map((o) => o.authorId)).toEqual(['rep-1', 'res-1']);
  });

  it('shows attributed opinions to the committee, the party organization and supervisors only', () => {
    expect(mayReadAttributedOpinions(['supervisor'])).toBe(true);
    expect(mayReadAttributedOpinions(['committee_member'])).toBe(true);
    expect(mayReadAttributedOpinions(['resident', 'resident_representative', 'group_leader'])).toBe(false);
    expect(mayReadAttributedOpinions(['street_office_admin'])).toBe(false);
  });

  it('masks building-and-room addresses but leaves ordinary numbers alone', () => {
    expect(maskPersonalData('5栋301室漏水')).toBe('***漏水');
    expect(maskPersonalData('预算2万元，涉及120户')).toBe('预算2万元，涉及120户');
  });
});
