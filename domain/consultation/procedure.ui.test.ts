/** What a consultation's pages offer next, and how opinions are shown inside and in public. */
import { applyConsultationCommand, mayReadAttributedOpinions, maskPersonalData, nextActions, publicOpinions } from './procedure';
import { D, at, clock, collecting, heldMeeting, member, representative, resident, run, secretary, supervisor } from './procedure.testkit';

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
