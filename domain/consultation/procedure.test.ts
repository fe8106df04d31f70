/** The consultation procedure from topic to closing, and its periods. */
import { DomainError } from '../errors';
import { DAY_MS, applyConsultationCommand, checkConsultationAction, checkConsultationCommand, checkMeetingTime, consultationDeadlines, dayStart, overdue, resolvePeriods, type ConsultationCommand } from './procedure';
import { catalogueItemSchema } from './schemas';
import { at, clock, collecting, expectRefusal, heldMeeting, member, representative, resident, run, sortingItem, supervisor } from './procedure.testkit';

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
