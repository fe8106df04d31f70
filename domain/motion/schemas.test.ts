import type { z } from 'zod';
import { formMessages } from '../../app/i18n/form-errors';
import { motionMessages } from '../../app/i18n/motion-rules';
import {
  castVoteSchema,
  commandSchemas,
  conveneMeetingSchema,
  draftMotionSchema,
  finalReportSchema,
  finalTotalYuan,
  jointMeetingSchema,
  partyMeetingSchema,
  physicalAttendanceSchema,
  progressEntrySchema,
  residentsMeetingSchema,
  withdrawSchema,
} from './schemas';

const KEY = 'form-2f9c1a77';

/** The error key per field path, e.g. { title: 'form.required' }. */
function errors(schema: z.ZodType, input: unknown): Record<string, string> {
  const r = schema.safeParse(input);
  if (r.success) return {};
  return Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
}

const draft = {
  idempotencyKey: KEY,
  title: '3号楼加装电梯',
  category: 'facilities',
  majorReasons: ['public_project', 'spending_above_threshold'],
  background: '3号楼住户多为老人，上下楼困难。',
  proposalText: '在3号楼东侧加装一部电梯。',
  estimatedCostYuan: 380_000,
  fundingSource: '区财政补贴及住户分摊',
  scope: 'buildings',
  scopeDetail: '3号楼',
};

describe('draft motion', () => {
  it('accepts a complete proposal and fills in defaults', () => {
    const r = draftMotionSchema.parse(draft);
    expect(r).toMatchObject({ consultOptIn: false, resolutionBody: 'representatives_meeting', title: '3号楼加装电梯' });
  });

  it('reports each problem as a message key on its field', () => {
    expect(errors(draftMotionSchema, { ...draft, title: '   ' })).toEqual({ title: 'form.required' });
    expect(errors(draftMotionSchema, { ...draft, title: '长'.repeat(61) })).toEqual({ title: 'form.tooLong' });
    expect(errors(draftMotionSchema, { ...draft, majorReasons: [] })).toEqual({
      majorReasons: 'motion.errors.majorReasonRequired',
    });
    expect(errors(draftMotionSchema, { ...draft, estimatedCostYuan: 12.345 })).toEqual({
      estimatedCostYuan: 'form.tooManyDecimals',
    });
    expect(errors(draftMotionSchema, { ...draft, estimatedCostYuan: -1 })).toEqual({
      estimatedCostYuan: 'form.negative',
    });
    expect(errors(draftMotionSchema, { ...draft, fundingSource: undefined })).toEqual({
      fundingSource: 'motion.errors.fundingSourceRequired',
    });
    expect(errors(draftMotionSchema, { ...draft, scopeDetail: undefined })).toEqual({
      scopeDetail: 'motion.errors.scopeDetailRequired',
    });
    expect(errors(draftMotionSchema, { ...draft, supersedesMotionId: 'm0' })).toEqual({
      changeNote: 'motion.errors.changeNoteRequired',
    });
    expect(errors(draftMotionSchema, { ...draft, idempotencyKey: undefined })).toEqual({
      idempotencyKey: 'form.required',
    });
  });

  it("refuses sending a reserved matter to the representatives' meeting (edge #23)", () => {
    const convention = { ...draft, majorReasons: ['residents_convention'] };
    expect(errors(draftMotionSchema, convention)).toEqual({
      resolutionBody: 'motion.errors.reservedToResidentsMeeting',
    });
    expect(errors(draftMotionSchema, { ...convention, resolutionBody: 'residents_meeting' })).toEqual({});
    const delegated = { ...draft, majorReasons: ['fund_raising'], fundRaisingDelegationRef: '居民会议决议〔2025〕1号' };
    expect(errors(draftMotionSchema, delegated)).toEqual({});
  });

  it('accepts amounts to the fen', () => {
    expect(draftMotionSchema.parse({ ...draft, estimatedCostYuan: 19_999.99 }).estimatedCostYuan).toBe(19_999.99);
    expect(errors(draftMotionSchema, { ...draft, estimatedCostYuan: 0.07 })).toEqual({});
  });
});

describe('meetings', () => {
  it('needs a mode for a residents’ meeting, materials for the party members’ meeting, and a place unless online', () => {
    const base = {
      idempotencyKey: KEY,
      opensAt: '2026-11-25T14:00',
      agenda: '议题：加装电梯',
      channels: ['notice_board'],
      location: '社区活动室',
    };
    expect(errors(conveneMeetingSchema, { ...base, body: 'residents_meeting' })).toEqual({
      mode: 'motion.errors.modeRequired',
    });
    expect(errors(conveneMeetingSchema, { ...base, body: 'party_members_meeting' })).toEqual({
      materialsRef: 'motion.errors.materialsRequired',
    });
    expect(errors(conveneMeetingSchema, { ...base, body: 'joint_meeting', location: undefined })).toEqual({
      location: 'motion.errors.locationRequired',
    });
    expect(
      errors(conveneMeetingSchema, { ...base, body: 'representatives_meeting', location: undefined, online: true }),
    ).toEqual({});
    expect(errors(conveneMeetingSchema, { ...base, body: 'joint_meeting', opensAt: '2026-11-31T14:00' })).toEqual({
      opensAt: 'form.invalidDate',
    });
  });

  it('refuses a person voting twice or voting while recused in the joint meeting minutes', () => {
    const minutes = {
      idempotencyKey: KEY,
      heldOn: '2026-11-20',
      minutes: '会议记录',
      opinions: '大家同意',
      conclusion: 'agree',
      recusedIds: ['p3'],
      votes: [
        { personId: 'p1', choice: 'agree' },
        { personId: 'p1', choice: 'disagree' },
        { personId: 'p3', choice: 'agree' },
      ],
    };
    expect(errors(jointMeetingSchema, minutes)).toEqual({
      'votes.1.personId': 'motion.errors.duplicateVoter',
      'votes.2.personId': 'motion.errors.recusedCannotVote',
    });
  });

  it("checks the party members' meeting counts add up", () => {
    const ok = {
      idempotencyKey: KEY,
      heldOn: '2026-11-20',
      fullMembers: 30,
      excused: [{ personId: 'm29', approvalRef: '请假批准1' }],
      present: 20,
      yes: 15,
      no: 3,
      abstain: 2,
      minutes: '记录',
      scanRef: 'scan-1',
    };
    expect(errors(partyMeetingSchema, ok)).toEqual({});
    expect(errors(partyMeetingSchema, { ...ok, yes: 16 })).toEqual({ yes: 'motion.errors.votesExceedPresent' });
    expect(errors(partyMeetingSchema, { ...ok, fullMembers: 20 })).toEqual({
      present: 'motion.errors.presentExceedsExpected',
    });
    expect(errors(partyMeetingSchema, { ...ok, present: 2.5 })).toMatchObject({ present: 'form.notAWholeNumber' });
  });

  it("checks the residents' meeting counts add up", () => {
    const ok = {
      idempotencyKey: KEY,
      heldOn: '2026-11-20',
      mode: 'households',
      electorate: 200,
      present: 120,
      yes: 80,
      no: 30,
      abstain: 10,
      resolutionText: '同意加装电梯',
      minutes: '记录',
      scanRef: 'scan-2',
    };
    expect(errors(residentsMeetingSchema, ok)).toEqual({});
    expect(errors(residentsMeetingSchema, { ...ok, present: 201 })).toMatchObject({
      present: 'motion.errors.presentExceedsExpected',
    });
  });

  it('needs a scan for paper attendance', () => {
    const base = { idempotencyKey: KEY, meetingId: 'mt1', personIds: ['r1'] };
    expect(errors(physicalAttendanceSchema, { ...base, method: 'paper' })).toEqual({
      scanRef: 'motion.errors.scanRequired',
    });
    expect(errors(physicalAttendanceSchema, { ...base, method: 'in_person' })).toEqual({});
  });
});

describe('voting, implementation, withdrawal', () => {
  it('takes a ballot only once the choice is confirmed', () => {
    const vote = { idempotencyKey: KEY, questionId: 'q1', choice: 'agree' };
    expect(errors(castVoteSchema, vote)).toEqual({ confirmed: 'motion.errors.confirmChoice' });
    expect(errors(castVoteSchema, { ...vote, confirmed: true })).toEqual({});
    expect(errors(castVoteSchema, { ...vote, confirmed: true, choice: 'maybe' })).toEqual({
      choice: 'form.invalidChoice',
    });
  });

  it('records progress and a final report with line items', () => {
    expect(
      progressEntrySchema.parse({ idempotencyKey: KEY, date: '2026-12-01', work: '完成基础施工' }).amountYuan,
    ).toBe(0);
    const report = {
      idempotencyKey: KEY,
      completedOn: '2027-03-01',
      summary: '电梯已投入使用',
      acceptanceRecord: '验收合格',
      lines: [],
    };
    expect(errors(finalReportSchema, report)).toEqual({ lines: 'form.required' });
    expect(finalTotalYuan([{ amountYuan: 0.1 }, { amountYuan: 0.2 }])).toBe(0.3);
  });

  it('needs a reason and the party-committee decision to withdraw', () => {
    expect(errors(withdrawSchema, { idempotencyKey: KEY, reason: '', partyCommitteeDecisionRef: '' })).toEqual({
      reason: 'form.required',
      partyCommitteeDecisionRef: 'form.required',
    });
  });
});

describe('every error is a message key that exists', () => {
  const zh = { ...motionMessages['zh-CN'], ...formMessages['zh-CN'] } as Record<string, unknown>;
  const has = (key: string) =>
    key
      .split('.')
      .reduce<unknown>(
        (node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined),
        zh,
      ) !== undefined;

  // Wrong types, missing fields, empty and oversized values for every command schema.
  const hostile: unknown[] = [
    {},
    null,
    'text',
    { idempotencyKey: 'x', title: 5, votes: 'no', lines: [{}], excused: [{}], personIds: [1], channels: ['fax'] },
    Object.fromEntries(
      ['title', 'text', 'reason', 'work', 'summary', 'minutes', 'opinions', 'agenda', 'background', 'proposalText'].map(
        (k) => [k, 'x'.repeat(20_000)],
      ),
    ),
    {
      idempotencyKey: KEY,
      estimatedCostYuan: Number.NaN,
      amountYuan: 1e12,
      present: -1,
      yes: 1.5,
      heldOn: '2026-02-30',
      confirmed: 'yes',
    },
  ];

  it.each(Object.entries(commandSchemas))('%s', (_name, schema) => {
    for (const input of hostile) {
      const r = (schema as z.ZodType).safeParse(input);
      expect(r.success).toBe(false);
      if (r.success) continue;
      for (const issue of r.error.issues) {
        expect(issue.message).toMatch(/^(form|motion)\.[A-Za-z.]+$/);
        expect(has(issue.message), issue.message).toBe(true);
      }
    }
  });
});
