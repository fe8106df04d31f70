import { motionDisclosureContent, type DisclosureSources } from './disclosure';
import { newMotion, type MotionSnapshot } from './stages';

const T0 = Date.UTC(2026, 10, 20, 2);
const snapshot: MotionSnapshot = {
  ...newMotion({ motionId: 'm1', createdAt: T0, matter: { majorReasons: ['public_project'] }, estimatedCostYuan: 600_000 }),
};
const motion: DisclosureSources['motion'] = {
  number: 3,
  title: '3号楼加装电梯',
  category: 'facilities',
  catalogueItemId: null,
  proposalText: '在3号楼东侧加装一部电梯。',
  snapshot,
  estimatedCostFen: '60000000',
};
const objection = { raisedAs: 'resident', body: '噪音太大', reply: '夜间不施工', status: 'answered', ruling: null, blocking: false };
const meeting: NonNullable<DisclosureSources['meeting']> = {
  body: 'representatives_meeting',
  mode: null,
  online: true,
  heldOn: null,
  opensAt: new Date(T0 + 86_400_000),
  closesAt: new Date(T0 + 4 * 86_400_000),
  outcome: { kind: 'passed', expected: 6, present: 6, quorumNeeded: 4, yesNeeded: 4, yes: 5, no: 1, abstain: 0, notVoted: 0, passBase: 'present' } as never,
  resolutionText: null,
  textVersion: 2,
};

describe('what the public sees of a motion', () => {
  it('shows the resolution voted on (its text version), the meeting, attendance, quorum, tally and outcome', () => {
    const body = motionDisclosureContent('resolution', { motion, objections: [objection], progress: [], meeting, votedText: '第二版文本' });
    expect(body).toMatchObject({
      motionNumber: 3,
      title: '3号楼加装电梯',
      resolution: { passed: true, text: '第二版文本', textVersion: 2 },
      meeting: { body: 'representatives_meeting', online: true, date: '2026-11-21' },
      attendance: { expected: 6, present: 6 },
      quorumRequired: 4,
      tally: { agree: 5, disagree: 1, abstain: 0, notVoted: 0 },
      outcome: 'passed',
      objections: [objection],
    });
  });

  it('never names people: objections carry only their kind, text, reply and status', () => {
    const body = motionDisclosureContent('resolution', { motion, objections: [objection], progress: [], meeting });
    const text = JSON.stringify(body);
    for (const field of ['raisedBy', 'authorName', 'recordedBy', 'voterId', 'name']) expect(text).not.toContain(`"${field}"`);
  });

  it('reports the budget against actual spending with the final lines for a result disclosure', () => {
    const done: MotionSnapshot = { ...snapshot, implementation: { approvedBudgetFen: 60_000_000, spentFen: 58_000_050 } };
    const body = motionDisclosureContent('implementation_result', {
      motion: { ...motion, snapshot: done },
      objections: [],
      meeting,
      progress: [
        { entryDate: '2026-12-10', work: '井道施工', amountFen: '3000000', contractorOrganization: '某电梯公司', isFinal: false, finalLines: null, acceptanceRecord: null },
        { entryDate: '2027-01-15', work: '完工', amountFen: '58000050', contractorOrganization: null, isFinal: true, finalLines: [{ item: '电梯', amountYuan: 580_000.5 }], acceptanceRecord: '验收合格' },
      ],
    });
    expect(body).toMatchObject({
      completedOn: '2027-01-15',
      acceptanceRecord: '验收合格',
      budget: { approvedYuan: 600_000, actualYuan: 580_000.5 },
      lines: [{ item: '电梯', amountYuan: 580_000.5 }],
      progress: [{ date: '2026-12-10', work: '井道施工', amountYuan: 30_000, contractorOrganization: '某电梯公司' }],
    });
  });

  it('gives no resolution part for an inquorate meeting, and the reason and prior stage for a withdrawal', () => {
    const inquorate = { ...meeting, outcome: { kind: 'inquorate', needed: 4 } as never };
    expect(motionDisclosureContent('resolution', { motion, objections: [], progress: [], meeting: inquorate })).not.toHaveProperty('resolution');
    const withdrawn: MotionSnapshot = {
      ...snapshot,
      history: [...snapshot.history, { state: 'proposed', at: T0 + 1 }, { state: 'withdrawn', at: T0 + 2 }],
      withdrawal: { at: T0 + 2, reason: '规划调整', decisionRef: 'DW-1', notifyConsultationParties: false },
    };
    expect(motionDisclosureContent('withdrawal', { motion: { ...motion, snapshot: withdrawn }, objections: [], progress: [] })).toMatchObject({
      stateWhenWithdrawn: 'proposed',
      reason: '规划调整',
      partyCommitteeDecisionRef: 'DW-1',
      withdrawnAt: new Date(T0 + 2).toISOString(),
    });
  });
});
