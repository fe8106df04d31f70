/**
 * The meeting, finance and appraisal-plan forms read as a browser posts them: what a person sees as
 * "nobody ticked", "a sheet with proxies", "12,000.50" or "one criterion per line" is what the
 * action is told.
 */
import { parseWithZod } from '@conform-to/zod/v4';
import { describe, expect, it } from 'vitest';
import { appraisalPlanFormSchema } from '../domain/appraisal/page-forms';
import { appraisalPageFormId, cadrePageFormSchema, servicePageFormSchema } from '../domain/appraisal/plan-page-forms';
import { financeFormId, financePageFormSchema } from '../domain/finance/forms';
import { meetingFormId, meetingPageFormSchema } from '../domain/meeting/page-forms';
import { parseShanghaiDateTime } from '../domain/calendar';

const formData = (fields: [string, string][]) => {
  const data = new FormData();
  for (const [k, v] of fields) data.append(k, v);
  return data;
};
const post = (fields: [string, string][]) => parseWithZod(formData(fields), { schema: meetingPageFormSchema });

describe('meeting page forms', () => {
  it('reads attendance with no box ticked as nobody present', () => {
    const s = post([['intent', 'attendance'], ['scanRef', '签到表-1']]);
    expect(s.status).toBe('success');
    if (s.status === 'success') expect(s.value).toMatchObject({ intent: 'attendance', presentIds: [] });
  });

  it('keeps every ticked name', () => {
    const s = post([['intent', 'attendance'], ['presentIds', 'p1'], ['presentIds', 'p2'], ['scanRef', 'x']]);
    expect(s.status === 'success' && s.value.intent === 'attendance' && s.value.presentIds).toEqual(['p1', 'p2']);
  });

  it('tells a sheet that lists proxies why it is refused, beside the proxies field', () => {
    const s = post([['intent', 'attendanceNumbers'], ['present', '20'], ['electorate', '30'], ['proxies', '2'], ['scanRef', 'x']]);
    expect(s.status).toBe('error');
    expect(s.reply().error).toEqual({ proxies: ['meeting.errors.noProxies'] });
  });

  it('refuses more present than entitled, beside the present field', () => {
    const s = post([['intent', 'attendanceNumbers'], ['present', '31'], ['electorate', '30'], ['scanRef', 'x']]);
    expect(s.reply().error).toEqual({ present: ['meeting.errors.presentOverEntitled'] });
  });

  it('asks for notes rather than saving blank ones', () => {
    const s = post([['intent', 'notes'], ['motionId', 'm1'], ['notes', '   ']]);
    expect(s.reply().error).toEqual({ notes: ['form.required'] });
  });

  it('names the form a reply belongs to, one per agenda item for counts and notes', () => {
    expect(meetingFormId({ intent: 'count', motionId: 'm1' })).toBe('count-m1');
    expect(meetingFormId({ intent: 'notes', motionId: 'm2' })).toBe('notes-m2');
    expect(meetingFormId({ intent: 'attendance' })).toBe('attendance');
    expect(meetingFormId({})).toBe('');
  });
});

describe('finance page forms', () => {
  const post = (fields: [string, string][]) => parseWithZod(formData(fields), { schema: financePageFormSchema });

  it('reads an opening balance as people type it', () => {
    const s = post([['intent', 'import'], ['year', '2026'], ['quarter', '4'], ['opening', '12,000.50']]);
    expect(s.status === 'success' && s.value).toMatchObject({ intent: 'import', year: 2026, quarter: 4, opening: 12000.5 });
  });

  it('names each mistyped field', () => {
    const s = post([['intent', 'import'], ['year', '26'], ['quarter', '5'], ['opening', '一千'], ['correctionReason', '   ']]);
    expect(s.reply().error).toEqual({ year: ['finance.errors.year'], quarter: ['finance.errors.quarter'], opening: ['finance.errors.opening'] });
  });

  it('asks for a reason to return an account, not to approve it', () => {
    const id = '0b7e4c1e-6a53-4f3c-9d55-2f1f0d8a9c11';
    expect(post([['intent', 'review'], ['id', id], ['decision', 'return'], ['note', ' ']]).reply().error).toEqual({ note: ['finance.errors.returnReason'] });
    expect(post([['intent', 'review'], ['id', id], ['decision', 'approve']]).status).toBe('success');
    expect(post([['intent', 'review'], ['id', 'a1'], ['decision', 'approve']]).reply().error).toEqual({ id: ['form.invalid'] });
  });

  it('names the form a reply belongs to, one per account for its steps', () => {
    expect(financeFormId({ intent: 'import' })).toBe('import');
    expect(financeFormId({ intent: 'review', id: 'a1' })).toBe('review-a1');
  });
});

describe('appraisal plan forms', () => {
  const post = (fields: [string, string][]) => parseWithZod(formData(fields), { schema: appraisalPlanFormSchema });
  const cadre: [string, string][] = [
    ['intent', 'cadre'], ['title', '年度评议'], ['year', '2026'], ['planDate', '2026-12-01'], ['meetingAt', '2026-12-10T19:30'],
    ['windowHours', '24'], ['scale', 'satisfaction'], ['criteria', '工作态度\n\n  公道廉洁 \n'], ['subjectIds', 'm1'], ['raterIds', 'r1'], ['raterIds', 'r2'],
  ];

  it('reads one criterion per line, the meeting in Shanghai time and every ticked name', () => {
    const s = post(cadre);
    expect(s.status === 'success' && s.value).toMatchObject({
      criteria: ['工作态度', '公道廉洁'],
      meetingAt: parseShanghaiDateTime('2026-12-10T19:30'),
      subjectIds: ['m1'],
      raterIds: ['r1', 'r2'],
    });
  });

  it('says which list is empty when no box is ticked, and that blank criteria are none', () => {
    const s = post([...cadre.filter(([k]) => k !== 'subjectIds' && k !== 'raterIds' && k !== 'criteria'), ['criteria', ' \n ']]);
    expect(s.reply().error).toEqual({
      criteria: ['appraisal.errors.criteriaEmpty'],
      subjectIds: ['appraisal.errors.subjectsEmpty'],
      raterIds: ['appraisal.errors.ratersEmpty'],
    });
  });

  it('reads a survey’s units one per line', () => {
    const s = post([['intent', 'service'], ['title', '测评'], ['year', '2026'], ['surveyDays', '7'], ['units', '供水公司\n供电公司'], ['unitKind', 'utility']]);
    expect(s.status === 'success' && s.value).toMatchObject({ units: ['供水公司', '供电公司'], unitKind: 'utility' });
    expect(post([['intent', 'service'], ['title', '测评'], ['year', '2026'], ['surveyDays', '30'], ['units', '供水公司'], ['unitKind', 'utility']]).reply().error).toEqual({
      surveyDays: ['appraisal.errors.surveyDays'],
    });
  });
});

describe('appraisal page forms', () => {
  const post = (fields: [string, string][]) => parseWithZod(formData(fields), { schema: cadrePageFormSchema });

  it('reads paper totals per subject as numbers', () => {
    const s = post([['intent', 'recordPaperTotals'], ['returned', '12'], ['void', '1'], ['p.m-1.good', '8'], ['p.m-1.fair', '2'], ['p.m-1.poor', '1']]);
    expect(s.status === 'success' && s.value).toEqual({ intent: 'recordPaperTotals', returned: 12, void: 1, p: { 'm-1': { good: 8, fair: 2, poor: 1 } } });
  });

  it('names the box of a mistyped or negative count', () => {
    const s = post([['intent', 'recordPaperTotals'], ['returned', '12'], ['void', '0'], ['p.m-1.good', '八'], ['p.m-1.fair', '-2'], ['p.m-1.poor', '0']]);
    expect(s.reply().error).toEqual({ 'p.m-1.good': ['form.notANumber'], 'p.m-1.fair': ['form.negative'] });
  });

  it('asks whom the paper forms go to when no one is ticked', () => {
    expect(post([['intent', 'issuePaperForms']]).reply().error).toEqual({ raterIds: ['appraisal.errors.ratersEmpty'] });
  });

  it('names the service page forms that repeat by their row', () => {
    expect(appraisalPageFormId({ intent: 'recordReply', subjectId: 'u1' })).toBe('recordReply-u1');
    expect(appraisalPageFormId({ intent: 'reject', commentId: 'c9' })).toBe('moderate-c9');
    expect(appraisalPageFormId({ intent: 'tally' })).toBe('tally');
    expect(parseWithZod(formData([['intent', 'issueCodes'], ['count', '0']]), { schema: servicePageFormSchema }).reply().error).toEqual({ count: ['form.outOfRange'] });
  });
});
