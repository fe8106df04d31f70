/** Who may act at each stage of a consultation, and what is refused. */
import { applyConsultationCommand, checkConsultationAction, nextActions, proposeTopic, type ConsultationCommand } from './procedure';
import { catalogueItemSchema } from './schemas';
import { at, clock, collecting, expectRefusal, heldMeeting, member, open, parties, representative, resident, run, secretary, sortingItem, street, supervisor } from './procedure.testkit';

describe('who may act: topics, parties, opinions and answers', () => {
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

});

describe('who may act: the outcome, cancelling, the street office', () => {
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
