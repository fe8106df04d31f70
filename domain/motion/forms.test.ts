import { parseWithZod } from '@conform-to/zod/v4';
import { finalReportFormSchema, rosterToMinutes, withRoster } from './forms';
import { handVotesSchema, partyCommitteeDecisionSchema } from './schemas';

const id = () => crypto.randomUUID();

function formOf(entries: [string, string][]) {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
}

describe('roster rows (array fields) become the minutes', () => {
  it('maps each choice: absent is left out, present attends without a vote, recused is neither', () => {
    const [a, b, c, d, e] = [id(), id(), id(), id(), id()];
    expect(
      rosterToMinutes([
        { personId: a, choice: 'agree' },
        { personId: b, choice: 'absent' },
        { personId: c, choice: 'present' },
        { personId: d, choice: 'recused' },
        { personId: e, choice: 'abstain' },
      ]),
    ).toEqual({ attendeeIds: [a, c, e], votes: [{ personId: a, choice: 'agree' }, { personId: e, choice: 'abstain' }], recusedIds: [d] });
  });

  it('parses a party committee decision as the page posts it, through conform', () => {
    const [a, b] = [id(), id()];
    const submission = parseWithZod(
      formOf([
        ['idempotencyKey', id()],
        ['heldOn', '2026-11-20'],
        ['minutes', '会议同意提出议题。'],
        ['roster[0].personId', a],
        ['roster[0].choice', 'agree'],
        ['roster[1].personId', b],
        ['roster[1].choice', 'disagree'],
      ]),
      { schema: withRoster(partyCommitteeDecisionSchema) },
    );
    expect(submission.status).toBe('success');
    const v = submission.status === 'success' ? (submission.value as { attendeeIds: string[]; votes: unknown[] }) : null;
    expect(v?.attendeeIds).toEqual([a, b]);
    expect(v?.votes).toEqual([{ personId: a, choice: 'agree' }, { personId: b, choice: 'disagree' }]);
  });

  it('refuses an unknown choice and a malformed person id with keys', () => {
    const bad = parseWithZod(formOf([['idempotencyKey', id()], ['questionId', id()], ['roster[0].personId', id()], ['roster[0].choice', 'maybe']]), {
      schema: withRoster(handVotesSchema),
    });
    expect(bad.status).toBe('error');
    expect(bad.status === 'error' ? Object.values(bad.error ?? {}).flat() : []).toContain('form.invalidChoice');
    const badId = parseWithZod(formOf([['idempotencyKey', id()], ['questionId', id()], ['roster[0].personId', 'x'.repeat(65)], ['roster[0].choice', 'agree']]), {
      schema: withRoster(handVotesSchema),
    });
    expect(badId.status).toBe('error');
  });
});

describe('final accounts typed one line per item', () => {
  it('become lines with amounts', () => {
    const submission = parseWithZod(
      formOf([
        ['idempotencyKey', id()],
        ['completedOn', '2026-11-20'],
        ['summary', '电梯安装完成。'],
        ['acceptanceRecord', '验收合格'],
        ['linesText', '电梯设备 380000\n安装施工：95,000元\n'],
      ]),
      { schema: finalReportFormSchema },
    );
    expect(submission.status).toBe('success');
    expect(submission.status === 'success' && (submission.value as { lines: unknown }).lines).toEqual([
      { item: '电梯设备', amountYuan: 380000 },
      { item: '安装施工', amountYuan: 95000 },
    ]);
  });

  it('refuses an empty account and a line without an amount', () => {
    const base: [string, string][] = [['idempotencyKey', id()], ['completedOn', '2026-11-20'], ['summary', 's'], ['acceptanceRecord', 'a']];
    expect(parseWithZod(formOf(base), { schema: finalReportFormSchema }).status).toBe('error');
    expect(parseWithZod(formOf([...base, ['linesText', '电梯设备']]), { schema: finalReportFormSchema }).status).toBe('error');
  });
});
